use super::*;

fn site(files: &[(&str, &str)]) -> Site {
    let mut site = Site::default();
    site.insert(SITE_MARKER, "{}");
    for (path, text) in files {
        site.insert(*path, text.as_bytes().to_vec());
    }
    site
}

fn read_all(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<_> = manifest::files_under(dir, "")
        .unwrap()
        .into_iter()
        .filter(|p| p != MANIFEST)
        .map(|p| {
            let text = fs::read_to_string(dir.join(&p)).unwrap();
            (p, text)
        })
        .collect();
    out.sort();
    out
}

fn write(site: &Site, out: &Path, plan: &Path) -> Result<(), WriteError> {
    write_site(site, out, plan, &mut io::sink())
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn a_rebuild_replaces_its_files_drops_removed_ones_and_keeps_the_users() {
    let tmp = tempfile::tempdir().unwrap();
    let (plan, out) = (tmp.path().join("plan"), tmp.path().join("public"));
    fs::create_dir_all(&plan).unwrap();
    let first = site(&[
        ("a/b/c.html", "one"),
        ("keep.css", "k"),
        ("gone/x.txt", "g"),
    ]);
    write(&first, &out, &plan).unwrap();
    fs::write(out.join("CNAME"), "plan.example.org").unwrap();
    fs::create_dir_all(out.join(".git")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref").unwrap();
    let second = site(&[
        ("a/b/c.html", "two"),
        ("keep.css", "k"),
        ("x/y/z/new.html", "n"),
    ]);
    write(&second, &out, &plan).unwrap();
    assert_eq!(
        read_all(&out),
        vec![
            pair(".git/HEAD", "ref"),
            pair("CNAME", "plan.example.org"),
            pair("a/b/c.html", "two"),
            pair("keep.css", "k"),
            pair("plan.json", "{}"),
            pair("x/y/z/new.html", "n"),
        ]
    );
    assert!(!out.join("gone").exists(), "an emptied folder is removed");
    // Nothing is left beside the output, and nothing hidden inside but the manifest and .git.
    let beside: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
    let hidden: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(hidden.len(), 2, "{hidden:?}");
}

#[test]
fn a_folder_that_is_not_a_site_is_not_written_into() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("docs");
    fs::create_dir_all(out.join("src")).unwrap();
    fs::write(out.join("src/main.rs"), "mine").unwrap();
    // Even with a plan.json in it.
    fs::write(out.join("plan.json"), "{}").unwrap();
    let err = write(&site(&[]), &out, &tmp.path().join("plan")).unwrap_err();
    assert!(
        matches!(&err, WriteError::NotASite { legacy: true, foreign, .. } if foreign == &["src/main.rs"]),
        "{err}"
    );
    assert_eq!(fs::read_to_string(out.join("src/main.rs")).unwrap(), "mine");
    assert!(!out.join(MANIFEST).exists());
    // Nor the plan folder itself, nor a folder inside its inputs, nor a file.
    let plan = tmp.path().join("plan");
    fs::create_dir_all(plan.join("assets")).unwrap();
    let err = write(&site(&[]), &plan, &plan).unwrap_err();
    assert!(matches!(err, WriteError::ContainsPlan(_)), "{err}");
    let err = write(&site(&[]), &plan.join("assets/site"), &plan).unwrap_err();
    assert!(matches!(err, WriteError::InsideInputs(_)), "{err}");
    fs::write(tmp.path().join("file"), "x").unwrap();
    let err = write(&site(&[]), &tmp.path().join("file"), &plan).unwrap_err();
    assert!(matches!(err, WriteError::NotAFolder(_)), "{err}");
    // The default output folder inside the plan folder is fine.
    write(&site(&[]), &plan.join("public"), &plan).unwrap();
}

#[test]
fn a_site_of_an_older_waveplan_is_adopted_when_every_file_is_the_sites() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    fs::create_dir_all(out.join("a")).unwrap();
    fs::write(out.join("plan.json"), "old").unwrap();
    fs::write(out.join("a/page.html"), "old").unwrap();
    let new = site(&[("a/page.html", "new")]);
    write(&new, &out, &tmp.path().join("plan")).unwrap();
    assert_eq!(
        read_all(&out),
        vec![pair("a/page.html", "new"), pair("plan.json", "{}")]
    );
}

#[test]
fn what_stands_in_the_way_is_replaced_only_when_waveplan_wrote_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (plan, out) = (tmp.path().join("plan"), tmp.path().join("public"));
    write(&site(&[("x", "file"), ("y/z.html", "z")]), &out, &plan).unwrap();
    // Its own file becomes a folder and its own folder a file.
    write(&site(&[("x/index.html", "i"), ("y", "file")]), &out, &plan).unwrap();
    assert_eq!(
        read_all(&out),
        vec![
            pair("plan.json", "{}"),
            pair("x/index.html", "i"),
            pair("y", "file"),
        ]
    );
    // A user's file where a page goes is kept, and nothing is written.
    fs::write(out.join("mine.html"), "mine").unwrap();
    let err = write(&site(&[("mine.html", "page")]), &out, &plan).unwrap_err();
    assert!(matches!(err, WriteError::InTheWay { .. }), "{err}");
    assert_eq!(fs::read_to_string(out.join("mine.html")).unwrap(), "mine");
    // A link the user put where a folder goes is never followed.
    #[cfg(unix)]
    {
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("w")).unwrap();
        let err = write(&site(&[("w/index.html", "page")]), &out, &plan).unwrap_err();
        assert!(matches!(err, WriteError::InTheWay { .. }), "{err}");
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}

#[test]
fn a_manifest_cannot_send_deletions_outside_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(tmp.path().join("victim"), "v").unwrap();
    fs::write(
        out.join(MANIFEST),
        r#"{"written_by":"waveplan","files":["../victim"]}"#,
    )
    .unwrap();
    let err = write(&site(&[]), &out, &tmp.path().join("plan")).unwrap_err();
    assert!(matches!(err, WriteError::BadManifest(..)), "{err}");
    assert!(tmp.path().join("victim").exists());
}

#[test]
fn a_build_that_fails_after_staging_pages_leaves_the_folder_as_it_was() {
    use crate::site::Sink;
    let tmp = tempfile::tempdir().unwrap();
    let (plan, out) = (tmp.path().join("plan"), tmp.path().join("public"));
    write(&site(&[("a/page.html", "old")]), &out, &plan).unwrap();
    let before = read_all(&out);
    let manifest = fs::read(out.join(MANIFEST)).unwrap();
    let staging = Staging::open(&out, &plan, &mut io::sink()).unwrap();
    staging.put("a/page.html", b"new".to_vec());
    staging.put("b/new.html", b"new".to_vec());
    assert!(
        out.join(STAGING).is_dir(),
        "pages go into the staging folder"
    );
    assert_eq!(read_all(&out), before, "nothing moves before the commit");
    // A template fails: the build drops its staging without committing.
    drop(staging);
    assert_eq!(read_all(&out), before);
    assert_eq!(fs::read(out.join(MANIFEST)).unwrap(), manifest);
    assert!(!out.join(STAGING).exists());
    // A first build into a folder that did not exist leaves no folder behind.
    let fresh = tmp.path().join("new/public");
    let staging = Staging::open(&fresh, &plan, &mut io::sink()).unwrap();
    staging.put("index.html", b"x".to_vec());
    drop(staging);
    assert!(!tmp.path().join("new").exists());
}

#[test]
fn what_a_killed_build_left_in_staging_is_cleared_and_never_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let (plan, out) = (tmp.path().join("plan"), tmp.path().join("public"));
    // A first build killed while rendering: only its staging folder exists.
    fs::create_dir_all(out.join(STAGING)).unwrap();
    fs::write(out.join(STAGING).join("0"), "half").unwrap();
    write(&site(&[("a/page.html", "one")]), &out, &plan).unwrap();
    assert!(!out.join(STAGING).exists());
    assert_eq!(
        read_all(&out),
        vec![pair("a/page.html", "one"), pair("plan.json", "{}")]
    );
    let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(!manifest.contains(STAGING), "{manifest}");
    // Unchanged files are left alone: the same file after a rebuild.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let inode = fs::metadata(out.join("a/page.html")).unwrap().ino();
        write(
            &site(&[("a/page.html", "one"), ("b.html", "two")]),
            &out,
            &plan,
        )
        .unwrap();
        assert_eq!(fs::metadata(out.join("a/page.html")).unwrap().ino(), inode);
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "two");
    }
}
