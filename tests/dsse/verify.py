"""An independent check of cra-rs's signed bundle, for its tests: the DSSE envelope's signature
by securesystemslib (the Secure Systems Lab's library under in-toto), the in-toto statement's
subjects by hashing the files again. Shares no code with cra-rs.

Usage: python verify.py BUNDLE PUBLIC_KEY.pem KEY_ID
Prints "valid N subjects" and exits 0, or "invalid: <why>" and exits 1.
"""

import hashlib
import json
import pathlib
import sys

from cryptography.hazmat.primitives.serialization import load_pem_public_key
from securesystemslib.dsse import Envelope
from securesystemslib.signer import SSlibKey


def main() -> int:
    bundle, key_file, key_id = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    key = SSlibKey.from_crypto(load_pem_public_key(pathlib.Path(key_file).read_bytes()), keyid=key_id)
    envelope = Envelope.from_dict(json.loads(bundle.read_text()))
    try:
        envelope.verify([key], 1)
    except Exception as error:  # securesystemslib's VerificationError and kin
        print(f"invalid: {error}")
        return 1
    if envelope.payload_type != "application/vnd.in-toto+json":
        print(f"invalid: payload type {envelope.payload_type}")
        return 1
    statement = json.loads(envelope.payload)
    if statement["_type"] != "https://in-toto.io/Statement/v1":
        print(f"invalid: statement type {statement['_type']}")
        return 1
    for subject in statement["subject"]:
        path = bundle.parent / subject["name"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        if digest != subject["digest"]["sha256"]:
            print(f"invalid: {subject['name']} changed")
            return 1
    print(f"valid {len(statement['subject'])} subjects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
