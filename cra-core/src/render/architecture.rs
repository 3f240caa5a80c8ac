//! The system architecture of Annex VII point 2(a) as the documents show it: each component
//! with its description, the components it builds on (`depends_on`) and its interfaces, the
//! interfaces together as the product's attack surface, and a diagram of the components and
//! how they build on each other, an inline SVG (no script, prints as it shows).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::declaration::{Declaration, Interface};

/// One component as the architecture table shows it.
#[derive(Debug, Serialize)]
pub(super) struct ArchitectureRow<'a> {
    name: &'a str,
    version: &'a str,
    description: &'a str,
    depends_on: &'a [String],
    interfaces: &'a [Interface],
}

/// The rows, in the declaration's order (by name).
pub(super) fn rows(declaration: &Declaration) -> Vec<ArchitectureRow<'_>> {
    declaration
        .components
        .iter()
        .map(|c| ArchitectureRow {
            name: &c.name,
            version: &c.version,
            description: &c.description,
            depends_on: &c.depends_on,
            interfaces: &c.interfaces,
        })
        .collect()
}

const BOX_WIDTH: usize = 180;
const BOX_HEIGHT: usize = 40;
const COLUMN_GAP: usize = 70;
const ROW_GAP: usize = 20;
const MARGIN: usize = 10;

/// The diagram: one box per component, in columns by how deep it builds on others (the
/// components that build on none on the left), an arrow from each component to each it builds
/// on. A name that names no component (made by a macro, say) gets no arrow. Same declaration,
/// same bytes.
pub(super) fn svg(declaration: &Declaration) -> String {
    let names: Vec<&str> = declaration.components.iter().map(|c| c.name.as_str()).collect();
    if names.is_empty() {
        return String::new();
    }
    let depends: BTreeMap<&str, Vec<&str>> = declaration
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.depends_on.iter().map(String::as_str).filter(|d| names.contains(d)).collect()))
        .collect();
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &names {
        depth_of(name, &depends, &mut Vec::new(), &mut depth);
    }
    let columns = depth.values().max().copied().unwrap_or(0) + 1;
    let mut rows_in = vec![0usize; columns];
    let mut place: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for name in &names {
        let column = depth[name];
        let x = MARGIN + column * (BOX_WIDTH + COLUMN_GAP);
        let y = MARGIN + rows_in[column] * (BOX_HEIGHT + ROW_GAP);
        rows_in[column] += 1;
        place.entry(name).or_insert((x, y));
    }
    let width = 2 * MARGIN + columns * BOX_WIDTH + (columns - 1) * COLUMN_GAP;
    let height = 2 * MARGIN + rows_in.iter().max().copied().unwrap_or(1) * (BOX_HEIGHT + ROW_GAP) - ROW_GAP;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"architecture-diagram\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">"
    );
    out.push_str(
        "<title>Components and the components each builds on (an arrow points to what a component builds on)</title>",
    );
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#333\"/></marker></defs>");
    for (from, targets) in &depends {
        let (fx, fy) = place[from];
        for to in targets {
            let (tx, ty) = place[to];
            let (x1, y1) = (fx, fy + BOX_HEIGHT / 2);
            let (x2, y2) = if tx < fx { (tx + BOX_WIDTH, ty + BOX_HEIGHT / 2) } else { (tx, ty + BOX_HEIGHT / 2) };
            let _ = write!(
                out,
                "<line class=\"depends-on\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"#333\" marker-end=\"url(#arrow)\"><title>{} builds on {}</title></line>",
                escape(from),
                escape(to)
            );
        }
    }
    for name in &names {
        let (x, y) = place[name];
        let label: String = if name.chars().count() > 26 {
            name.chars().take(25).chain(std::iter::once('…')).collect()
        } else {
            (*name).to_owned()
        };
        let _ = write!(
            out,
            "<g class=\"component\"><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_WIDTH}\" height=\"{BOX_HEIGHT}\" rx=\"4\" fill=\"#f4f6f8\" stroke=\"#333\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text><title>{}</title></g>",
            x + BOX_WIDTH / 2,
            y + BOX_HEIGHT / 2 + 4,
            escape(&label),
            escape(name)
        );
    }
    out.push_str("</svg>");
    out
}

/// How many components deep `name` builds: 0 when it builds on none; a cycle counts once. Each
/// depth is computed once (`known`), so a layered graph of hundreds of components stays linear.
fn depth_of<'a>(
    name: &'a str,
    depends: &BTreeMap<&'a str, Vec<&'a str>>,
    path: &mut Vec<&'a str>,
    known: &mut BTreeMap<&'a str, usize>,
) -> usize {
    if let Some(depth) = known.get(name) {
        return *depth;
    }
    if path.contains(&name) {
        return 0;
    }
    path.push(name);
    let mut depth = 0;
    for dependency in &depends[name] {
        depth = depth.max(depth_of(dependency, depends, path, known) + 1);
    }
    path.pop();
    // Inside a cycle the depth depends on where the walk entered it: kept only from its start.
    if path.is_empty() || !depends[name].iter().any(|d| path.contains(d)) {
        known.insert(name, depth);
    }
    depth
}

/// Text for SVG: the five characters XML reserves escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_diagram_has_a_box_per_component_and_an_arrow_per_dependency_and_survives_a_cycle() {
        let json = include_str!("../../../examples/door-lock-hub/expected/door-lock-hub.declaration.json");
        let mut declaration = crate::read::declaration_from_json(json).unwrap().value;
        let svg = super::svg(&declaration);
        assert_eq!(svg.matches("<g class=\"component\">").count(), declaration.components.len());
        let edges: usize = declaration.components.iter().map(|c| c.depends_on.len()).sum();
        assert!(edges > 0);
        assert_eq!(svg.matches("<line class=\"depends-on\"").count(), edges);
        assert!(svg.contains("<title>lock-control builds on update-agent</title>"), "{svg}");
        assert!(!svg.contains("<script"));
        // A cycle, a name no component has, and markup in a name.
        declaration.components[0].depends_on = vec![declaration.components[2].name.clone(), "made-by-a-macro".into()];
        declaration.components[0].name = "Pair<ing>".into();
        let svg = super::svg(&declaration);
        assert!(svg.contains("Pair&lt;ing&gt;") && !svg.contains("made-by-a-macro"), "{svg}");
        assert_eq!(super::svg(&declaration), svg, "same declaration, same bytes");
        // A layered graph (each builds on the two before it) takes linear time, not 2^n.
        let template = declaration.components[0].clone();
        declaration.components = (0usize..200)
            .map(|i| {
                let mut c = template.clone();
                c.name = format!("c{i:03}");
                c.depends_on = (i.saturating_sub(2)..i).map(|j| format!("c{j:03}")).collect();
                c
            })
            .collect();
        let svg = super::svg(&declaration);
        assert_eq!(svg.matches("<g class=\"component\">").count(), 200);
        assert!(svg.contains("viewBox=\"0 0 "), "{}", &svg[..200]);
    }
}
