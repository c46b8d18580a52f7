//! The dependency graph of a configuration: which block needs which.
//!
//! Nodes are variables, locals, resources and outputs; an edge runs from a
//! dependency to its dependent and remembers where the reference is written,
//! so a cycle can be reported with every reference that closes it.

use crate::config::{Module, did_you_mean};
use crate::diag::{Diagnostic, Diagnostics, Location, SourceMap};
use crate::lang::eval::references;
use hcl::edit::structure::{Body, Structure};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// A block of the configuration, qualified by the static path of its module
/// (`""` for the root, `module.east`, `module.east.module.net`).
#[derive(Clone, Debug)]
pub enum Node {
    Variable(String, String),
    Local(String, String),
    /// `type.name` or `data.type.name`.
    Resource(String, String),
    Output(String, String),
    /// A `module "name"` block, in its caller's path.
    ModuleCall(String, String),
}

impl Node {
    pub fn module_path(&self) -> &str {
        self.parts().1
    }

    fn parts(&self) -> (u8, &str, &str) {
        match self {
            Node::Variable(p, n) => (0, p, n),
            Node::Local(p, n) => (1, p, n),
            Node::Resource(p, n) => (2, p, n),
            Node::Output(p, n) => (3, p, n),
            Node::ModuleCall(p, n) => (4, p, n),
        }
    }
}

// As derived, but through `util::str_cmp`: the root's path is empty (see there why that matters).
impl PartialEq for Node {
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (self.parts(), o.parts());
        a.0 == b.0 && crate::util::str_eq(a.2, b.2) && crate::util::str_eq(a.1, b.1)
    }
}

impl Eq for Node {}

impl std::hash::Hash for Node {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.parts().hash(h)
    }
}

impl Ord for Node {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.parts(), o.parts());
        a.0.cmp(&b.0).then_with(|| crate::util::str_cmp(a.1, b.1)).then_with(|| crate::util::str_cmp(a.2, b.2))
    }
}

impl PartialOrd for Node {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

/// `module.a.` + `rest`, or `rest` at the root.
pub fn qualify(path: &str, rest: &str) -> String {
    if path.is_empty() { rest.to_string() } else { format!("{path}.{rest}") }
}

/// The static path of a module call's child.
pub fn child_path(path: &str, call: &str) -> String {
    qualify(path, &format!("module.{call}"))
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            Node::Variable(p, n) => qualify(p, &format!("var.{n}")),
            Node::Local(p, n) => qualify(p, &format!("local.{n}")),
            Node::Resource(p, k) => qualify(p, k),
            Node::Output(p, n) => qualify(p, &format!("output.{n}")),
            Node::ModuleCall(p, n) => qualify(p, &format!("module.{n}")),
        };
        f.write_str(&s)
    }
}

pub struct Graph {
    pub graph: DiGraph<Node, Option<Location>>,
    pub index: std::collections::HashMap<Node, NodeIndex>,
    /// Nodes in a deterministic dependency order.
    pub order: Vec<NodeIndex>,
    /// What each `check` block reads, by (static module path, check name):
    /// checks run after everything else, so they are not nodes.
    pub check_deps: BTreeMap<(String, String), Vec<Node>>,
}

/// Root names that are not graph nodes.
const BUILTIN_ROOTS: &[&str] = &["count", "each", "path", "self", "terraform", "dr"];

impl Graph {
    /// Builds the graph of a module tree, checking that every reference names
    /// something declared and that there is no cycle.
    pub fn build(root: &Module, sources: &SourceMap) -> Result<Graph, Diagnostics> {
        let mut g: DiGraph<Node, Option<Location>> = DiGraph::new();
        let mut index = std::collections::HashMap::new();
        let modules = root.walk();
        let mut nodes: Vec<Node> = vec![];
        for (path, m) in &modules {
            nodes.extend(m.variables.keys().map(|k| Node::Variable(path.clone(), k.clone())));
            nodes.extend(m.locals.keys().map(|k| Node::Local(path.clone(), k.clone())));
            nodes.extend(m.resources.keys().map(|k| Node::Resource(path.clone(), k.clone())));
            nodes.extend(m.outputs.keys().map(|k| Node::Output(path.clone(), k.clone())));
            nodes.extend(m.calls.keys().map(|k| Node::ModuleCall(path.clone(), k.clone())));
        }
        for n in nodes {
            let i = g.add_node(n.clone());
            index.insert(n, i);
        }
        let mut diags = Diagnostics::default();
        let mut check_deps = BTreeMap::new();
        let mut edges: Vec<(Node, Node, Option<Location>)> = vec![];
        let mut structural: Vec<(Node, Node, Option<Location>)> = vec![];
        for (path, m) in &modules {
            let types: BTreeSet<&str> =
                m.resources.values().filter(|r| r.mode == crate::addr::Mode::Managed).map(|r| r.rtype.as_str()).collect();
            let mut add_refs = |to: &Node, file: usize, e: &hcl::edit::expr::Expression, local: &[String], diags: &mut Diagnostics| {
                let found = crate::lang::eval::references_and_calls(e);
                for r in found.refs.into_iter().filter(|r| !local.contains(&r.parts[0])) {
                    let loc = r.span.clone().map(|span| Location { file, span });
                    match resolve(m, path, &types, &r.parts) {
                        Ok(froms) => edges.extend(froms.into_iter().map(|from| (from, to.clone(), loc.clone()))),
                        Err((summary, detail)) => diags.push(Diagnostic::error(summary).detail(detail).at(loc)),
                    }
                }
                // Checked here too, so that a misspelt function is reported with the other mistakes.
                for (name, span) in found.calls.into_iter().filter(|(n, _)| !crate::lang::eval::is_function(n)) {
                    let names = crate::lang::functions::names().iter().copied();
                    diags.push(
                        Diagnostic::error("Call to unknown function")
                            .detail(format!("There is no function named \"{name}\".{}", hint(&name, names)))
                            .at(span.map(|span| Location { file, span })),
                    );
                }
            };
            for (name, l) in &m.locals {
                add_refs(&Node::Local(path.clone(), name.clone()), l.expr.file, &l.expr.expr, &[], &mut diags);
            }
            for (key, r) in &m.resources {
                let node = Node::Resource(path.clone(), key.clone());
                for e in r.count.iter().chain(r.for_each.iter()).chain(r.depends_on.iter()).chain(r.lifecycle.replace_triggered_by.iter()) {
                    add_refs(&node, e.file, &e.expr, &[], &mut diags);
                }
                for_each_expr(&r.body, &mut vec![], &mut |e, local| add_refs(&node, r.file, e, local, &mut diags));
                for c in r.lifecycle.preconditions.iter().chain(&r.lifecycle.postconditions) {
                    for e in [&c.condition, &c.error_message] {
                        add_refs(&node, e.file, &e.expr, &[], &mut diags);
                    }
                }
            }
            for (name, o) in &m.outputs {
                let node = Node::Output(path.clone(), name.clone());
                add_refs(&node, o.value.file, &o.value.expr, &[], &mut diags);
                for c in &o.preconditions {
                    for e in [&c.condition, &c.error_message] {
                        add_refs(&node, e.file, &e.expr, &[], &mut diags);
                    }
                }
            }
            for (name, check) in &m.checks {
                let mut deps = vec![];
                for e in check.asserts.iter().flat_map(|c| [&c.condition, &c.error_message]) {
                    for r in references(&e.expr) {
                        let loc = r.span.clone().map(|span| Location { file: e.file, span });
                        match resolve(m, path, &types, &r.parts) {
                            Ok(nodes) => deps.extend(nodes),
                            Err((summary, detail)) => diags.push(Diagnostic::error(summary).detail(detail).at(loc)),
                        }
                    }
                }
                deps.sort();
                deps.dedup();
                check_deps.insert((path.clone(), name.clone()), deps);
            }
            for (name, c) in &m.calls {
                let node = Node::ModuleCall(path.clone(), name.clone());
                for e in c.count.iter().chain(c.for_each.iter()).chain(c.depends_on.iter()).chain(c.inputs.values()) {
                    add_refs(&node, e.file, &e.expr, &[], &mut diags);
                }
                // The call creates the module's instances: everything in it comes after.
                let child = child_path(path, name);
                if let Some(cm) = m.children.get(name) {
                    for k in cm.variables.keys() {
                        structural.push((node.clone(), Node::Variable(child.clone(), k.clone()), None));
                    }
                    for k in cm.locals.keys() {
                        structural.push((node.clone(), Node::Local(child.clone(), k.clone()), None));
                    }
                    for k in cm.resources.keys() {
                        structural.push((node.clone(), Node::Resource(child.clone(), k.clone()), None));
                    }
                    for k in cm.outputs.keys() {
                        structural.push((node.clone(), Node::Output(child.clone(), k.clone()), None));
                    }
                    for k in cm.calls.keys() {
                        structural.push((node.clone(), Node::ModuleCall(child.clone(), k.clone()), None));
                    }
                    for (input, e) in &c.inputs {
                        if !cm.variables.contains_key(input) {
                            let mut d = Diagnostic::error("Unsupported argument")
                                .detail(format!(
                                    "An argument named \"{input}\" is not expected here: module \"{name}\" declares no such variable."
                                ))
                                .at(e
                                    .location()
                                    .map(|l| Location { span: l.span.start.saturating_sub(input.len() + 3)..l.span.start, ..l }));
                            if let Some(s) = did_you_mean(input, cm.variables.keys().map(String::as_str)) {
                                d = d.hint(format!("Did you mean \"{s}\"?"));
                            }
                            diags.push(d);
                        }
                    }
                    for (vn, v) in &cm.variables {
                        if v.default.is_none() && !c.inputs.contains_key(vn) {
                            diags.push(
                                Diagnostic::error("Missing required argument")
                                    .detail(format!("The argument \"{vn}\" is required by module \"{name}\", but no definition was found."))
                                    .at(Some(c.location.clone()))
                                    .hint(format!("Add {vn} = … to the module block.")),
                            );
                        }
                    }
                }
            }
        }
        edges.extend(structural);
        for (from, to, loc) in edges {
            if let (Some(&a), Some(&b)) = (index.get(&from), index.get(&to)) {
                g.add_edge(a, b, loc);
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let graph = Graph { graph: g, index, order: vec![], check_deps };
        graph.check_cycles(sources)?;
        let order = graph.topological_order();
        Ok(Graph { order, ..graph })
    }

    fn check_cycles(&self, sources: &SourceMap) -> Result<(), Diagnostics> {
        let mut diags = Diagnostics::default();
        let mut sccs = tarjan_scc(&self.graph);
        sccs.iter_mut().for_each(|s| s.sort_by(|a, b| self.graph[*a].cmp(&self.graph[*b])));
        sccs.sort();
        for scc in sccs {
            let self_loop = scc.len() == 1 && self.graph.find_edge(scc[0], scc[0]).is_some();
            if scc.len() < 2 && !self_loop {
                continue;
            }
            let members: BTreeSet<NodeIndex> = scc.iter().copied().collect();
            let names: Vec<String> = scc.iter().map(|n| self.graph[*n].to_string()).collect();
            let mut d = Diagnostic::error(format!("Cycle: {}", names.join(", ")))
                .detail("These blocks refer to each other, so none of them can be evaluated first.");
            let mut first = true;
            for e in self.graph.edge_indices() {
                let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
                if members.contains(&a)
                    && members.contains(&b)
                    && let Some(loc) = &self.graph[e]
                {
                    let note = format!("{} refers to {} ({})", self.graph[b], self.graph[a], sources.describe(loc));
                    if first {
                        d = d.at(Some(loc.clone()));
                        d.detail.push_str(&format!(" {note} here."));
                        first = false;
                    } else {
                        d = d.related(loc.clone(), note);
                    }
                }
            }
            diags.push(d.hint("Break the cycle: remove one of these references, or move the shared value into a variable or local."));
        }
        diags.into_result()
    }

    /// Kahn's algorithm, always taking the smallest ready node: deterministic.
    fn topological_order(&self) -> Vec<NodeIndex> {
        let n = self.graph.node_count();
        let mut indeg = vec![0usize; n];
        for e in self.graph.edge_indices() {
            let (_, b) = self.graph.edge_endpoints(e).expect("edge exists");
            indeg[b.index()] += 1;
        }
        let mut ready: BinaryHeap<std::cmp::Reverse<usize>> = (0..n).filter(|i| indeg[*i] == 0).map(std::cmp::Reverse).collect();
        let mut out = Vec::with_capacity(n);
        while let Some(std::cmp::Reverse(i)) = ready.pop() {
            let ni = NodeIndex::new(i);
            out.push(ni);
            for nb in self.graph.neighbors(ni) {
                indeg[nb.index()] -= 1;
                if indeg[nb.index()] == 0 {
                    ready.push(std::cmp::Reverse(nb.index()));
                }
            }
        }
        out
    }

    /// Direct dependencies of a node.
    pub fn dependencies(&self, n: &Node) -> Vec<&Node> {
        let Some(&i) = self.index.get(n) else { return vec![] };
        let mut v: Vec<&Node> = self.graph.neighbors_directed(i, petgraph::Direction::Incoming).map(|d| &self.graph[d]).collect();
        v.sort();
        v.dedup();
        v
    }

    /// Resources a node depends on (static keys, `module.x.type.name`),
    /// directly or through locals, variables and modules.
    pub fn resource_dependencies(&self, n: &Node) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Node> = self.dependencies(n);
        while let Some(d) = stack.pop() {
            if !seen.insert(d.clone()) {
                continue;
            }
            match d {
                Node::Resource(p, k) => {
                    out.insert(qualify(p, k));
                }
                other => stack.extend(self.dependencies(other)),
            }
        }
        out
    }

    /// The graph in Graphviz DOT, for `hadr graph`.
    pub fn to_dot(&self) -> String {
        let mut s = String::from("digraph {\n  compound = \"true\"\n  newrank = \"true\"\n  subgraph \"root\" {\n");
        let mut lines = BTreeSet::new();
        for i in self.graph.node_indices() {
            lines.insert(format!("    \"{}\" [label=\"{}\"]\n", self.graph[i], self.graph[i]));
        }
        for e in self.graph.edge_indices() {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            lines.insert(format!("    \"{}\" -> \"{}\"\n", self.graph[b], self.graph[a]));
        }
        for l in lines {
            s.push_str(&l);
        }
        s.push_str("  }\n}\n");
        s
    }
}

/// Visits every expression in a body, nested blocks included, with the
/// iterator names of the `dynamic` blocks around it (references to those are
/// local, not to the configuration).
pub fn for_each_expr(body: &Body, iterators: &mut Vec<String>, f: &mut impl FnMut(&hcl::edit::expr::Expression, &[String])) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => f(&a.value, iterators),
            Structure::Block(b) if b.ident.as_str() == "dynamic" => {
                let mut iterator = b.labels.first().map(|l| l.as_str().to_string()).unwrap_or_default();
                for s in b.body.iter() {
                    match s {
                        Structure::Attribute(a) if a.key.as_str() == "iterator" => {
                            if let hcl::edit::expr::Expression::Variable(v) = &a.value {
                                iterator = v.as_str().to_string();
                            }
                        }
                        Structure::Attribute(a) => f(&a.value, iterators),
                        Structure::Block(_) => {}
                    }
                }
                iterators.push(iterator);
                for s in b.body.iter() {
                    if let Structure::Block(c) = s {
                        for_each_expr(&c.body, iterators, f);
                    }
                }
                iterators.pop();
            }
            Structure::Block(b) => for_each_expr(&b.body, iterators, f),
        }
    }
}

type RefError = (String, String);

/// Maps a reference in module `m` (at `path`) to the nodes it names; none for built-in roots.
fn resolve(m: &Module, path: &str, types: &BTreeSet<&str>, parts: &[String]) -> Result<Vec<Node>, RefError> {
    let root = parts[0].as_str();
    let second = parts.get(1).map(String::as_str);
    let p = path.to_string();
    match root {
        "var" => match second {
            Some(n) if m.variables.contains_key(n) => Ok(vec![Node::Variable(p, n.to_string())]),
            Some(n) => Err((
                "Reference to undeclared input variable".into(),
                format!(
                    "An input variable with the name \"{n}\" has not been declared.{}",
                    hint(n, m.variables.keys().map(String::as_str))
                ),
            )),
            None => Ok(vec![]),
        },
        "local" => match second {
            Some(n) if m.locals.contains_key(n) => Ok(vec![Node::Local(p, n.to_string())]),
            Some(n) => Err((
                "Reference to undeclared local value".into(),
                format!("A local value with the name \"{n}\" has not been declared.{}", hint(n, m.locals.keys().map(String::as_str))),
            )),
            None => Ok(vec![]),
        },
        "module" => match second {
            Some(n) if m.calls.contains_key(n) => {
                let child = child_path(path, n);
                let outputs: Vec<&String> = m.children.get(n).map(|c| c.outputs.keys().collect()).unwrap_or_default();
                match parts.get(2) {
                    Some(o) if outputs.contains(&o) => Ok(vec![Node::Output(child, o.clone())]),
                    Some(o) => Err((
                        "Unsupported attribute".into(),
                        format!(
                            "This object does not have an attribute named \"{o}\": module \"{n}\" has no such output.{}",
                            hint(o, outputs.iter().map(|s| s.as_str()))
                        ),
                    )),
                    None => {
                        let mut v: Vec<Node> = outputs.into_iter().map(|o| Node::Output(child.clone(), o.clone())).collect();
                        v.push(Node::ModuleCall(p, n.to_string()));
                        Ok(v)
                    }
                }
            }
            Some(n) => Err((
                "Reference to undeclared module".into(),
                format!("No module call named \"{n}\" is declared in this module.{}", hint(n, m.calls.keys().map(String::as_str))),
            )),
            None => Ok(vec![]),
        },
        "data" => match (second, parts.get(2)) {
            (Some(t), Some(n)) => {
                let key = format!("data.{t}.{n}");
                if m.resources.contains_key(&key) {
                    Ok(vec![Node::Resource(p, key)])
                } else {
                    Err(("Reference to undeclared resource".into(), format!("A data resource \"{t}\" \"{n}\" has not been declared.")))
                }
            }
            _ => Ok(vec![]),
        },
        r if BUILTIN_ROOTS.contains(&r) => Ok(vec![]),
        t => match second {
            Some(n) if m.resources.contains_key(&format!("{t}.{n}")) => Ok(vec![Node::Resource(p, format!("{t}.{n}"))]),
            Some(n) if types.contains(t) => {
                let names = m.resources.values().filter(|r| r.rtype == t).map(|r| r.name.as_str());
                Err((
                    "Reference to undeclared resource".into(),
                    format!(
                        "A managed resource \"{t}\" \"{n}\" has not been declared in {}.{}",
                        if path.is_empty() { "the root module".to_string() } else { path.to_string() },
                        hint(n, names)
                    ),
                ))
            }
            _ => {
                let mut candidates: Vec<&str> = types.iter().copied().collect();
                candidates.extend(["var", "local", "data", "module", "count", "each", "path", "dr"]);
                Err((
                    "Reference to undeclared resource".into(),
                    format!("There is no resource type or variable named \"{t}\" in this configuration.{}", hint(t, candidates)),
                ))
            }
        },
    }
}

fn hint<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(name, candidates).map(|s| format!(" Did you mean \"{s}\"?")).unwrap_or_default()
}
