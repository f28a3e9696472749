use super::*;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("outfile-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    permission_bits(&fs::metadata(path).unwrap())
}

#[test]
fn a_file_is_written_whole_or_not_at_all() {
    let dir = scratch("whole");
    let target = dir.join("out.txt");
    fs::write(&target, "old").unwrap();
    let mut file = AtomicFile::create(&target, NewFileMode::Default).unwrap();
    file.write_all(b"new").unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), "old", "untouched until commit");
    assert_eq!(leftovers(&dir), vec![file.temporary().to_path_buf()]);
    drop(file);
    assert_eq!(fs::read_to_string(&target).unwrap(), "old");
    assert!(leftovers(&dir).is_empty(), "an abandoned file leaves nothing");
    write(&target, b"new", NewFileMode::Default).unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    assert!(leftovers(&dir).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn the_replaced_file_keeps_its_mode_and_a_new_one_gets_the_asked_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("mode");
    let private = dir.join("private.csv");
    fs::write(&private, "x").unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
    write(&private, b"y", NewFileMode::Default).unwrap();
    assert_eq!(mode(&private), 0o600);
    let shared = dir.join("shared.csv");
    fs::write(&shared, "x").unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o640)).unwrap();
    write(&shared, b"y", NewFileMode::Exactly(0o600)).unwrap();
    assert_eq!(mode(&shared), 0o640, "an existing file's mode wins");
    let new = dir.join("new.csv");
    write(&new, b"y", NewFileMode::Exactly(0o600)).unwrap();
    assert_eq!(mode(&new), 0o600);
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_symlink_is_written_through_and_a_directory_refused() {
    let dir = scratch("links");
    let real = dir.join("real.csv");
    fs::write(&real, "old").unwrap();
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    write(&link, b"new", NewFileMode::Default).unwrap();
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    let sub = dir.join("sub");
    fs::create_dir(&sub).unwrap();
    let to_dir = dir.join("to-dir");
    std::os::unix::fs::symlink(&sub, &to_dir).unwrap();
    let error = write(&to_dir, b"x", NewFileMode::Default).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::IsADirectory);
    assert!(fs::symlink_metadata(&to_dir).unwrap().file_type().is_symlink());
    assert!(leftovers(&dir).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn temporary_names_are_recognised_and_dead_ones_removed() {
    assert_eq!(is_temporary(".faq.html.1234.tmp"), Some(1234));
    assert_eq!(is_temporary(".auth-errors.toml.7.tmp"), Some(7));
    for other in ["faq.html", ".faq.html", ".tmp", "..1.tmp", ".x.y.tmp", "a.1.tmp"] {
        assert_eq!(is_temporary(other), None, "{other}");
    }
    let dir = scratch("dead");
    // No process has the largest pid.
    let dead = dir.join(format!(".faq.html.{}.tmp", i32::MAX));
    let live = dir.join(format!(".faq.md.{}.tmp", std::process::id()));
    fs::write(&dead, "x").unwrap();
    fs::write(&live, "x").unwrap();
    assert_eq!(leftovers(&dir), vec![dead.clone(), live.clone()]);
    assert_eq!(remove_dead_leftovers(&dir), vec![dead]);
    assert_eq!(leftovers(&dir), vec![live]);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn an_unnamed_file_has_no_name_until_it_is_complete() {
    let dir = scratch("unnamed");
    let target = dir.join("out.csv");
    fs::write(&target, "old").unwrap();
    let mut file = AtomicFile::create_unnamed(&target, NewFileMode::Default).unwrap();
    file.write_all(b"new").unwrap();
    #[cfg(target_os = "linux")]
    assert!(leftovers(&dir).is_empty(), "nothing beside the target while it is written");
    assert_eq!(fs::read_to_string(&target).unwrap(), "old");
    drop(file);
    assert_eq!(fs::read_to_string(&target).unwrap(), "old");
    assert!(leftovers(&dir).is_empty(), "an abandoned file leaves nothing");
    let mut file = AtomicFile::create_unnamed(&target, NewFileMode::Default).unwrap();
    file.write_all(b"new").unwrap();
    file.commit().unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    assert!(leftovers(&dir).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn an_unnamed_file_takes_the_replaced_files_mode_or_the_asked_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("unnamed-mode");
    let private = dir.join("private.csv");
    fs::write(&private, "x").unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o640)).unwrap();
    let mut file = AtomicFile::create_unnamed(&private, NewFileMode::Default).unwrap();
    file.write_all(b"y").unwrap();
    file.commit().unwrap();
    assert_eq!(mode(&private), 0o640);
    let new = dir.join("new.csv");
    let mut file = AtomicFile::create_unnamed(&new, NewFileMode::Exactly(0o600)).unwrap();
    file.write_all(b"z").unwrap();
    file.commit().unwrap();
    assert_eq!(mode(&new), 0o600);
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_dead_writers_leftover_is_removed_by_the_next_file_for_its_target() {
    let dir = scratch("dead");
    let target = dir.join("out.csv");
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let dead = dir.join(format!(".out.csv.{pid}.tmp"));
    let other = dir.join(format!(".other.csv.{pid}.tmp"));
    // A live writer's (this test's parent, the harness's launcher or shell) stays.
    let parent = std::os::unix::process::parent_id();
    let live = dir.join(format!(".out.csv.{parent}.tmp"));
    for path in [&dead, &other, &live] {
        fs::write(path, "x").unwrap();
    }
    let mut file = AtomicFile::create_unnamed(&target, NewFileMode::Default).unwrap();
    file.write_all(b"new").unwrap();
    file.commit().unwrap();
    assert!(!dead.exists(), "the dead writer's file is gone");
    assert!(live.exists(), "a live writer's stays");
    assert!(other.exists(), "another target's stays");
    let _ = fs::remove_dir_all(&dir);
}
