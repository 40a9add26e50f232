//! Integration tests of finding the plan folder: every command typed inside a plan folder with
//! no folder given uses it; a folder given that is not a plan, or a missing one, gets a message
//! naming the plan folder nearby (its parent, its one subfolder, its siblings) and what to type.

use crate::workflow::{copy_plan, fixture};
use crate::{scratch, stderr, yjplan};

#[test]
fn commands_typed_inside_the_plan_folder_use_it() {
    let dir = scratch("plan-folder-here");
    let plan = dir.join("plan");
    copy_plan(&fixture("good/minimal"), &plan);
    let check = yjplan(&plan, &["check", "--format", "short"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let build = yjplan(&plan, &["build", "--html"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(plan.join("out/html/index.html").is_file());
    // The output folder inside the plan is not read as part of it.
    let again = yjplan(&plan, &["check", "--format", "short"]);
    assert_eq!(stderr(&again), stderr(&check));
    let human = stderr(&yjplan(&plan, &["check"]));
    assert!(
        human
            .lines()
            .last()
            .unwrap_or("")
            .starts_with(".: 0 errors"),
        "{human}"
    );
}

#[test]
fn a_folder_that_is_not_a_plan_names_the_plan_nearby() {
    let dir = scratch("plan-folder-near");
    copy_plan(&fixture("good/minimal"), &dir.join("plan"));
    std::fs::create_dir_all(dir.join("plan/assets")).unwrap();
    let cases: &[(&str, &[&str], &str, &str)] = &[
        (
            "plan/assets",
            &["check", "."],
            "error[no-plan-yaml]: the current folder has no plan.yaml; it is inside the folder above (..)",
            "give the plan folder itself, the one holding plan.yaml, e.g. `yjplan check ..`",
        ),
        (
            ".",
            &["check", "plan/assets"],
            "error[no-plan-yaml]: the folder plan/assets has no plan.yaml; it is inside the plan folder plan",
            "e.g. `yjplan check plan`",
        ),
        (
            ".",
            &["build", "."],
            "error[no-plan-yaml]: the current folder has no plan.yaml, but its subfolder plan does",
            "give the plan folder itself, e.g. `yjplan check plan`",
        ),
        (
            ".",
            &["check"],
            "error[no-plan-dir]: there is no plan directory at content",
            "the plan folders here are plan: give one of them, e.g. `yjplan check plan`",
        ),
        (
            ".",
            &["check", "plam"],
            "error[no-plan-dir]: there is no plan directory at plam",
            "did you mean `yjplan check plan`?",
        ),
        (
            "plan/assets",
            &["check"],
            "error[no-plan-dir]: there is no plan directory at content",
            "you are inside a plan: the folder above (..) holds plan.yaml; give it, e.g. `yjplan check ..`, or run yjplan there with no folder",
        ),
    ];
    for (cwd, args, message, hint) in cases {
        let output = yjplan(&dir.join(cwd), args);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?} in {cwd}: {text}");
        assert!(text.contains(message), "{args:?} in {cwd}:\n{text}");
        assert!(text.contains(hint), "{args:?} in {cwd}:\n{text}");
        assert_eq!(text.matches("error[").count(), 1, "one message: {text}");
    }

    copy_plan(&fixture("good/minimal"), &dir.join("other"));
    let several = stderr(&yjplan(&dir, &["check", "."]));
    assert!(
        several
            .contains("the current folder has no plan.yaml; it holds 2 plan folders: other, plan"),
        "{several}"
    );
    assert!(
        several.contains("or build them all with `yjplan build other plan`"),
        "{several}"
    );
}
