// Architecture: dependencies between components and external interfaces.
use cra_derive::CraComponent;

/// A plain type, not a component.
struct Helper;

/// Depends on a type that is not a component.
#[derive(CraComponent)]
#[cra(depends_on(Helper))]
struct DependsOnPlainType;

/// Names no dependency.
#[derive(CraComponent)]
#[cra(depends_on())]
struct EmptyDependsOn;

/// An interface without a description.
#[derive(CraComponent)]
#[cra(interface(name = "mqtt"))]
struct InterfaceWithoutDescription;

/// The same interface twice.
#[derive(CraComponent)]
#[cra(
    interface(name = "https-api", description = "REST API"),
    interface(name = "https-api", description = "the same API again")
)]
struct InterfaceTwice;

fn main() {}
