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

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Variable(String),
    Local(String),
    /// `type.name` or `data.type.name`.
    Resource(String),
    Output(String),
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Variable(n) => write!(f, "var.{n}"),
            Node::Local(n) => write!(f, "local.{n}"),
            Node::Resource(k) => f.write_str(k),
            Node::Output(n) => write!(f, "output.{n}"),
        }
    }
}

pub struct Graph {
    pub graph: DiGraph<Node, Option<Location>>,
    pub index: BTreeMap<Node, NodeIndex>,
    /// Nodes in a deterministic dependency order.
    pub order: Vec<NodeIndex>,
}

/// Root names that are not graph nodes.
const BUILTIN_ROOTS: &[&str] = &["count", "each", "path", "self", "terraform", "dr"];

impl Graph {
    /// Builds the graph, checking that every reference names something declared
    /// and that there is no cycle.
    pub fn build(m: &Module, sources: &SourceMap) -> Result<Graph, Diagnostics> {
        let mut g: DiGraph<Node, Option<Location>> = DiGraph::new();
        let mut index = BTreeMap::new();
        let mut nodes: Vec<Node> = vec![];
        nodes.extend(m.variables.keys().map(|k| Node::Variable(k.clone())));
        nodes.extend(m.locals.keys().map(|k| Node::Local(k.clone())));
        nodes.extend(m.resources.keys().map(|k| Node::Resource(k.clone())));
        nodes.extend(m.outputs.keys().map(|k| Node::Output(k.clone())));
        for n in nodes {
            let i = g.add_node(n.clone());
            index.insert(n, i);
        }
        let resource_types: BTreeSet<&str> =
            m.resources.values().filter(|r| r.mode == crate::addr::Mode::Managed).map(|r| r.rtype.as_str()).collect();
        let mut diags = Diagnostics::default();
        let mut edges: Vec<(Node, Node, Option<Location>)> = vec![];
        let mut add_refs = |to: &Node, file: usize, e: &hcl::edit::expr::Expression, diags: &mut Diagnostics| {
            for r in references(e) {
                let loc = r.span.clone().map(|span| Location { file, span });
                match resolve(m, &resource_types, &r.parts) {
                    Ok(Some(from)) => edges.push((from, to.clone(), loc)),
                    Ok(None) => {}
                    Err((summary, detail)) => diags.push(Diagnostic::error(summary).detail(detail).at(loc)),
                }
            }
        };
        for (name, l) in &m.locals {
            add_refs(&Node::Local(name.clone()), l.expr.file, &l.expr.expr, &mut diags);
        }
        for (key, r) in &m.resources {
            let node = Node::Resource(key.clone());
            for e in r.count.iter().chain(r.for_each.iter()).chain(r.depends_on.iter()) {
                add_refs(&node, e.file, &e.expr, &mut diags);
            }
            for_each_expr(&r.body, &mut |e| add_refs(&node, r.file, e, &mut diags));
        }
        for (name, o) in &m.outputs {
            add_refs(&Node::Output(name.clone()), o.value.file, &o.value.expr, &mut diags);
        }
        for (from, to, loc) in edges {
            g.add_edge(index[&from], index[&to], loc);
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let graph = Graph { graph: g, index, order: vec![] };
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

    /// Resources a node depends on, directly or through locals and variables.
    pub fn resource_dependencies(&self, n: &Node) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Node> = self.dependencies(n);
        while let Some(d) = stack.pop() {
            if !seen.insert(d.clone()) {
                continue;
            }
            match d {
                Node::Resource(k) => {
                    out.insert(k.clone());
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

/// Visits every expression in a body, nested blocks included.
pub fn for_each_expr(body: &Body, f: &mut impl FnMut(&hcl::edit::expr::Expression)) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => f(&a.value),
            Structure::Block(b) => for_each_expr(&b.body, f),
        }
    }
}

type RefError = (String, String);

/// Maps a reference to the node it names; `Ok(None)` for built-in roots.
fn resolve(m: &Module, types: &BTreeSet<&str>, parts: &[String]) -> Result<Option<Node>, RefError> {
    let root = parts[0].as_str();
    let second = parts.get(1).map(String::as_str);
    match root {
        "var" => match second {
            Some(n) if m.variables.contains_key(n) => Ok(Some(Node::Variable(n.to_string()))),
            Some(n) => Err((
                "Reference to undeclared input variable".into(),
                format!(
                    "An input variable with the name \"{n}\" has not been declared.{}",
                    hint(n, m.variables.keys().map(String::as_str))
                ),
            )),
            None => Ok(None),
        },
        "local" => match second {
            Some(n) if m.locals.contains_key(n) => Ok(Some(Node::Local(n.to_string()))),
            Some(n) => Err((
                "Reference to undeclared local value".into(),
                format!("A local value with the name \"{n}\" has not been declared.{}", hint(n, m.locals.keys().map(String::as_str))),
            )),
            None => Ok(None),
        },
        "data" => match (second, parts.get(2)) {
            (Some(t), Some(n)) => {
                let key = format!("data.{t}.{n}");
                if m.resources.contains_key(&key) {
                    Ok(Some(Node::Resource(key)))
                } else {
                    Err(("Reference to undeclared resource".into(), format!("A data resource \"{t}\" \"{n}\" has not been declared.")))
                }
            }
            _ => Ok(None),
        },
        r if BUILTIN_ROOTS.contains(&r) => Ok(None),
        t => match second {
            Some(n) if m.resources.contains_key(&format!("{t}.{n}")) => Ok(Some(Node::Resource(format!("{t}.{n}")))),
            Some(n) if types.contains(t) => {
                let names = m.resources.values().filter(|r| r.rtype == t).map(|r| r.name.as_str());
                Err((
                    "Reference to undeclared resource".into(),
                    format!("A managed resource \"{t}\" \"{n}\" has not been declared in the root module.{}", hint(n, names)),
                ))
            }
            _ => {
                let mut candidates: Vec<&str> = types.iter().copied().collect();
                candidates.extend(["var", "local", "data", "count", "each", "path", "dr"]);
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
