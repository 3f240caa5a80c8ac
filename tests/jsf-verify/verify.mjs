// An independent check of JSON Signature Format signatures, for cra-rs's tests: it shares no code
// with cra-rs. RFC 8785 canonical JSON comes from `canonicalize` (the reference implementation
// of one of the RFC's authors), the signature check from Node.js's OpenSSL, the key from the
// document's JWK. As JSF says: the signed data is the whole object with the signature object
// in it, less the signature's `value`.
//
// Usage: node verify.mjs FILE [PUBLIC_KEY.pem]
// Prints "valid <algorithm> <key thumbprint>" and exits 0, or "invalid: <why>" and exits 1.
import crypto from 'node:crypto';
import fs from 'node:fs';
import canonicalize from 'canonicalize';

function fail(why) {
  console.log(`invalid: ${why}`);
  process.exit(1);
}

const [file, trustedPem] = process.argv.slice(2);
const document = JSON.parse(fs.readFileSync(file, 'utf8'));
const signature = document.signature;
if (!signature || typeof signature !== 'object') fail('no signature object');
const { algorithm, value, publicKey } = signature;
if (typeof value !== 'string') fail('no signature value');
const key = trustedPem
  ? crypto.createPublicKey(fs.readFileSync(trustedPem, 'utf8'))
  : crypto.createPublicKey({ key: publicKey, format: 'jwk' });
delete signature.value;
const signed = Buffer.from(canonicalize(document), 'utf8');
const bytes = Buffer.from(value, 'base64url');
let valid;
if (algorithm === 'Ed25519') {
  if (key.asymmetricKeyType !== 'ed25519') fail(`algorithm ${algorithm} with a ${key.asymmetricKeyType} key`);
  valid = crypto.verify(null, signed, key, bytes);
} else if (algorithm === 'ES256') {
  if (key.asymmetricKeyType !== 'ec') fail(`algorithm ${algorithm} with a ${key.asymmetricKeyType} key`);
  valid = crypto.verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, bytes);
} else {
  fail(`unknown algorithm ${algorithm}`);
}
if (!valid) fail('the signature does not match the document');
// RFC 7638 thumbprint of the key that verified: the required members, in order, no spaces.
const jwk = key.export({ format: 'jwk' });
const members = jwk.kty === 'OKP' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
const thumbprint = crypto.createHash('sha256').update(JSON.stringify(members)).digest('base64url');
console.log(`valid ${algorithm} ${thumbprint}`);
