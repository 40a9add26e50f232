//! Unit tests of `src/resources/guard.rs`.

use super::*;

fn refused(source: &str, mode: Mode) -> String {
    check(source, mode).unwrap_err().what
}

#[test]
fn figures_placeholders_and_the_built_in_templates_pass() {
    let body = "Rate {{ fte[\"West Mercia\"][\"Sep-22\"] }} and {{ plan.service | upper }}.\n\
        {{ table(\"budget\") }}\n{% if x > -1 %}{%- for r in rows -%}{{ r.name }}{% endfor %}{% endif %}\n\
        {# {% set x = 1 %} #}{% raw %}{{ x ~ x }}{% set %}{% endraw %} {{ a[1] + 1 }}";
    assert_eq!(check(body, Mode::Section), Ok(()));
    assert_eq!(
        check("{{ x | default(\"-\") | round(1) }}", Mode::Section),
        Ok(())
    );
    for (path, bytes) in crate::resources::EMBEDDED {
        if path.starts_with("templates/html/") {
            let text = std::str::from_utf8(bytes).unwrap();
            assert_eq!(check(text, Mode::Layout), Ok(()), "{path}");
        }
    }
}

#[test]
fn constructs_that_multiply_size_are_refused_where_they_start() {
    let e = check("ok\n{% set ns.l = ns.l + ns.l %}", Mode::Layout).unwrap_err();
    assert_eq!((e.offset, e.what.as_str()), (6, "the `{% set %}` tag"));
    assert_eq!(refused("{{ s ~ s }}", Mode::Layout), "the operator `~`");
    assert_eq!(
        refused("{{ \"x\" * 100000000 }}", Mode::Section),
        "the operator `*`"
    );
    assert_eq!(
        refused("{{ l + l }}", Mode::Layout),
        "the operator `+` other than with a number"
    );
    assert_eq!(
        refused("{% for i in range(100000) %}{% endfor %}", Mode::Layout),
        "the function `range()`"
    );
    assert_eq!(
        refused("{{ x | join(y) }}", Mode::Layout),
        "the filter `join`"
    );
    assert_eq!(
        refused("{{ f([a, a]) }}", Mode::Layout),
        "a list literal `[…]`"
    );
    assert_eq!(refused("{{ f((a, a)) }}", Mode::Layout), "a tuple `(…, …)`");
    assert_eq!(
        refused("{{ {'a': 1} }}", Mode::Layout),
        "a dict literal `{…}`"
    );
    assert_eq!(
        refused("{% with a = b %}", Mode::Layout),
        "the `{% with %}` tag"
    );
    assert_eq!(
        refused("{% macro m() %}", Mode::Section),
        "the `{% macro %}` tag"
    );
    assert_eq!(
        refused("{% include 'x' %}", Mode::Section),
        "the `{% include %}` tag"
    );
    assert_eq!(
        refused("{{ loop.cycle(1) }}", Mode::Section),
        "the function `cycle()`"
    );
}

#[test]
fn odd_input_never_panics() {
    for odd in [
        "{{",
        "{%",
        "{#",
        "{{ '",
        "{{ \"\\",
        "{% raw %}",
        "{{ - }}",
        "{{ ( }}",
        "{{ ) ) }}",
        "{{ é~ }}",
    ] {
        let _ = check(odd, Mode::Section);
        let _ = check(odd, Mode::Layout);
    }
}

#[test]
fn capped_writer_stops_at_its_limit() {
    use std::io::Write;
    let mut w = Capped::new(4);
    assert!(w.write_all(b"abcd").is_ok());
    assert!(w.write_all(b"e").is_err());
    assert_eq!(w.bytes, b"abcd");
}

#[test]
fn includes_that_climb_out_of_the_templates_are_refused() {
    assert_eq!(check("{% include \"blocks.html\" %}", Mode::Layout), Ok(()));
    for bad in [
        "{% include \"../../../../etc/passwd\" %}",
        "{% extends '/etc/passwd' %}",
        "{% import \"a/../../x.html\" as x %}",
    ] {
        assert!(
            refused(bad, Mode::Layout).starts_with("a template outside templates/html"),
            "{bad}"
        );
    }
}

/// Each kind of operator chain, `n` operators long, as one `{{ … }}`.
fn chains(n: usize) -> [String; 5] {
    [
        format!("{{{{ {}true }}}}", "not ".repeat(n)),
        format!("{{{{ true{} }}}}", " and true".repeat(n)),
        format!("{{{{ \"x\"{} }}}}", "|lower".repeat(n)),
        format!("{{{{ plan{} }}}}", ".a".repeat(n)),
        format!("{{{{ 1{} }}}}", " + 1".repeat(n)),
    ]
}

#[test]
fn long_operator_chains_are_refused_before_minijinja_sees_them() {
    for chain in chains(10_000) {
        for mode in [Mode::Section, Mode::Layout] {
            let e = check(&format!("text\n{chain}"), mode).unwrap_err();
            assert_eq!(e.offset, 5, "{}", &chain[..20]);
            assert!(e.what.starts_with("a tag this long"), "{}", e.what);
        }
    }
    let statement = format!("{{% if {}true %}}x{{% endif %}}", "not ".repeat(600));
    assert!(check(&statement, Mode::Section).is_err());
}

#[test]
fn the_longest_chains_allowed_render_on_a_tenth_of_a_worker_threads_stack() {
    // Worker threads have 2 MiB; a chain just inside the limit must need far less.
    let longest = limits::TAG_TOKENS / 2 - 2;
    for chain in chains(longest) {
        assert_eq!(check(&chain, Mode::Layout), Ok(()), "{}", &chain[..20]);
        let done = std::thread::Builder::new()
            .stack_size(200 * 1024)
            .spawn(move || {
                let mut env = minijinja::Environment::new();
                env.add_template_owned("t", chain).unwrap();
                let plan = minijinja::context! { plan => minijinja::context! {} };
                let _ = env.get_template("t").unwrap().render(plan);
            })
            .unwrap()
            .join();
        assert!(done.is_ok());
    }
}
