//! What the generator takes out of progenitor's output: the `api-version`
//! request header.
//!
//! progenitor gives every operation a header map holding
//! `api-version: <info.version>`, a convention of Oxide's APIs. GroupMe
//! reads no such header, so it was built, merged into every request and
//! removed again by the request hook, at a measurable cost per call (see
//! BENCHMARKS.md, "Throughput under concurrency"). This pass deletes the
//! statement that adds it and sizes the header map for the headers that
//! remain; an operation left with none builds no header map at all.

use anyhow::{Result, bail};
use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Lit, Local, Stmt};

/// The header progenitor adds to every request.
const API_VERSION_HEADER: &str = "\"api-version\"";

/// Removes the `api-version` header from every operation in `file`;
/// fails if progenitor's output no longer has the shape this pass expects
/// (so that a progenitor upgrade cannot silently bring the header back).
pub fn strip_api_version_header(file: &mut syn::File) -> Result<()> {
    let mut pass = StripApiVersion::default();
    pass.visit_file_mut(file);
    DropEmptyHeaderMaps.visit_file_mut(file);
    if pass.header_maps != pass.removed {
        bail!(
            "progenitor's output changed: {} header maps, {} api-version headers removed; \
             update xtask/src/strip.rs",
            pass.header_maps,
            pass.removed
        );
    }
    Ok(())
}

#[derive(Default)]
struct StripApiVersion {
    /// `HeaderMap::with_capacity` calls seen (one per operation).
    header_maps: usize,
    /// `api-version` appends removed.
    removed: usize,
}

impl VisitMut for StripApiVersion {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !adds_api_version(stmt));
        self.removed += before - block.stmts.len();
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_local_mut(&mut self, local: &mut Local) {
        if let Some(init) = &mut local.init
            && let Some(capacity) = header_map_capacity(&init.expr)
        {
            self.header_maps += 1;
            let remaining = capacity.saturating_sub(1);
            *init.expr = syn::parse_quote!(::reqwest::header::HeaderMap::with_capacity(#remaining));
        }
        visit_mut::visit_local_mut(self, local);
    }
}

/// Removes the header map of every function that no longer puts anything
/// in it: its `let` and the `.headers(header_map)` that merges it.
struct DropEmptyHeaderMaps;

impl VisitMut for DropEmptyHeaderMaps {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let empty_map = block.stmts.iter().position(|stmt| match stmt {
            Stmt::Local(local) => local
                .init
                .as_ref()
                .is_some_and(|init| header_map_capacity(&init.expr) == Some(0)),
            _ => false,
        });
        if let Some(index) = empty_map {
            block.stmts.remove(index);
            for stmt in &mut block.stmts {
                DropHeadersCall.visit_stmt_mut(stmt);
            }
        }
        visit_mut::visit_block_mut(self, block);
    }
}

/// Replaces `receiver.headers(header_map)` with `receiver`.
struct DropHeadersCall;

impl VisitMut for DropHeadersCall {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::MethodCall(call) = expr
            && call.method == "headers"
            && call.args.len() == 1
            && call.args[0].to_token_stream().to_string() == "header_map"
        {
            *expr = (*call.receiver).clone();
            self.visit_expr_mut(expr);
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

/// Whether `stmt` is `header_map.append(HeaderName::from_static("api-version"), …);`.
fn adds_api_version(stmt: &Stmt) -> bool {
    let Stmt::Expr(Expr::MethodCall(call), _) = stmt else {
        return false;
    };
    call.method == "append"
        && call
            .args
            .first()
            .is_some_and(|name| name.to_token_stream().to_string().contains(API_VERSION_HEADER))
}

/// The literal capacity of `::reqwest::header::HeaderMap::with_capacity(N)`.
fn header_map_capacity(expr: &Expr) -> Option<usize> {
    let Expr::Call(call) = expr else { return None };
    let Expr::Path(function) = &*call.func else {
        return None;
    };
    let segments: Vec<String> = function
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    if !segments.ends_with(&["HeaderMap".to_owned(), "with_capacity".to_owned()]) {
        return None;
    }
    match call.args.first()? {
        Expr::Lit(literal) => match &literal.lit {
            Lit::Int(int) => int.base10_parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(code: &str) -> Result<String> {
        let mut file: syn::File = syn::parse_str(code).expect("test code parses");
        strip_api_version_header(&mut file)?;
        Ok(prettyplease::unparse(&file))
    }

    #[test]
    fn the_api_version_header_is_removed_with_a_header_map_left_empty() {
        let out = strip(
            r#"async fn send() {
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                );
                let request = client.get(url).headers(header_map).build()?;
            }"#,
        )
        .expect("stripped");
        assert!(!out.contains("api-version"), "{out}");
        assert!(!out.contains("header_map"), "{out}");
        assert!(out.contains("let request = client.get(url).build()?;"), "{out}");
    }

    #[test]
    fn other_headers_stay_and_the_map_is_sized_for_them() {
        let out = strip(
            r#"async fn send() {
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                );
                header_map.append("x-other", value.to_string().try_into()?);
                let request = client.get(url).headers(header_map).build()?;
            }"#,
        )
        .expect("stripped");
        assert!(!out.contains("api-version"), "{out}");
        assert!(
            out.contains("let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);"),
            "{out}"
        );
        assert!(out.contains("\"x-other\""), "{out}");
        assert!(out.contains(".headers(header_map)"), "{out}");
    }

    #[test]
    fn output_of_another_shape_is_refused() {
        let err = strip(
            r#"async fn send() {
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                header_map.insert(API_VERSION, value);
            }"#,
        )
        .expect_err("a header map without the expected append");
        assert!(err.to_string().contains("progenitor's output changed"), "{err}");
    }
}
