#include "scan/fix_apply.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/read_file.h"
#include "core/source_file.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

using Key = std::pair<std::string, std::string>;  // rule id, fingerprint: a finding across line moves

Key keyOf(const Finding& f) { return {f.rule_id, f.fingerprint}; }

// What makes a finding after a fix "new": a rule the resource did not break
// before (the same rule on the same resource may name a longer property path
// once a fix inserted part of it); findings of no resource (parse errors) by fingerprint.
Key noveltyOf(const Finding& f) { return f.resource.empty() ? keyOf(f) : Key{f.rule_id, "resource:" + f.resource}; }

constexpr const char* kNotRemoved = "the fix did not remove its finding";

bool sameEdit(const TextEdit& a, const TextEdit& b) {
  return a.uri == b.uri && a.begin == b.begin && a.end == b.end && a.text == b.text;
}

// Written beside the target and renamed over it, keeping the file's permissions.
std::string replaceFile(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::perms perms = fs::status(path, ec).permissions();
  fs::path temp = path.parent_path() / fmt::format(".{}.{}.fix.tmp", path.filename().string(), ::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      fs::remove(temp, ec);
      return fmt::format("cannot write {}", path.string());
    }
  }
  if (!ec) fs::permissions(temp, perms, ec);
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return fmt::format("cannot replace {}: {}", path.string(), ec.message());
  }
  return {};
}

bool inside(const fs::path& file, const fs::path& root) {
  auto [r, f] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return r == root.end() && f != file.end();
}

std::vector<std::string> filesOf(const Fix& fix) {
  std::vector<std::string> files;
  for (const TextEdit& e : fix.edits) {
    if (std::find(files.begin(), files.end(), e.uri) == files.end()) files.push_back(e.uri);
  }
  return files;
}


// The working copy: every file the scan found or read, at its place under a fresh folder.
struct WorkingCopy {
  fs::path root;
  std::vector<std::string> paths;
  std::string error;

  WorkingCopy() = default;
  WorkingCopy(const WorkingCopy&) = delete;
  WorkingCopy& operator=(const WorkingCopy&) = delete;
  ~WorkingCopy() {
    std::error_code ec;
    if (!root.empty()) fs::remove_all(root, ec);
  }
};

void makeWorkingCopy(const ScanResult& scan, const fs::path& real_root, const std::vector<std::string>& paths, WorkingCopy& copy) {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = ".";
  for (int attempt = 0; attempt < 100 && copy.root.empty(); ++attempt) {
    fs::path candidate = base / fmt::format("palisade-fix-{}-{}", ::getpid(), attempt);
    if (fs::create_directory(candidate, ec) && !ec) copy.root = candidate;
  }
  if (copy.root.empty()) {
    copy.error = "cannot create a working folder for the fixes";
    return;
  }
  std::set<std::string> files;
  for (const InputRecord& input : scan.inputs) {
    if (input.skipped.empty()) files.insert(input.path);
  }
  for (const SourceFilePtr& file : scan.project.files()) files.insert(file->path());
  for (const std::string& uri : files) {
    fs::path from = real_root / uri;
    fs::path to = (copy.root / uri).lexically_normal();
    if (!inside(to, copy.root) || !fs::is_regular_file(from, ec)) continue;
    fs::create_directories(to.parent_path(), ec);
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  }
  for (const std::string& path : paths) {
    fs::path absolute = fs::weakly_canonical(fs::absolute(path), ec);
    fs::path relative = absolute.lexically_relative(real_root);
    if (relative.empty() || *relative.begin() == "..") {
      copy.error = fmt::format("{} is outside the scan root {}", path, real_root.string());
      return;
    }
    fs::path mapped = (copy.root / relative).lexically_normal();
    if (!fs::exists(mapped, ec)) fs::create_directories(mapped, ec);  // a folder with nothing to read
    copy.paths.push_back(mapped.string());
  }
}

}  // namespace

FixReport runFixes(const FixRun& run) {
  FixReport report;
  ScanResult first = run.scan(run.paths, {});
  const fs::path real_root = fs::weakly_canonical(fs::path(first.project.root()));
  report.root = real_root;
  std::map<std::string, std::string> read;  // uri -> the text the first scan read
  for (const SourceFilePtr& file : first.project.files()) read.emplace(file->path(), file->text());
  WorkingCopy copy;
  makeWorkingCopy(first, real_root, run.paths, copy);
  if (!copy.error.empty()) {
    report.skipped.push_back({Location{}, "", copy.error});
    report.remaining = run.filter(first);
    report.last = std::move(first);
    return report;
  }
  const fs::path& root = copy.root;

  std::set<Key> failed;
  ScanResult result = run.scan(copy.paths, root);
  std::vector<Finding> findings = run.filter(result);
  const std::vector<Finding> original = findings;
  std::map<std::string, std::size_t> applied_in;  // uri of a kept fix's first edit -> how many
  auto skip = [&](const Finding& f, std::string reason) {
    report.skipped.push_back({f.location, f.rule_id, std::move(reason)});
  };
  for (std::size_t pass = 0; pass < run.max_passes; ++pass) {
    std::map<std::string, const SourceFile*> files;
    for (const SourceFilePtr& file : result.project.files()) files.emplace(file->path(), file.get());

    // The fixes of this pass: every edit either one already taken or apart from all of them.
    std::vector<const Finding*> chosen;
    std::vector<TextEdit> edits;
    for (const Finding& f : findings) {
      if (f.suppression || f.baselined || !f.fix) continue;
      if (!f.fix->refused.empty()) {
        if (pass == 0) skip(f, f.fix->refused);
        continue;
      }
      if (f.fix->edits.empty() || failed.count(keyOf(f))) continue;
      if (!f.fix->safe && !run.unsafe) {
        if (pass == 0) ++report.unsafe_left;
        continue;
      }
      bool apart = true;
      for (const TextEdit& e : f.fix->edits) {
        for (const TextEdit& taken : edits) {
          if (!sameEdit(e, taken) && editsConflict(e, taken)) apart = false;
        }
      }
      if (!apart) continue;  // the next pass, on the text this one leaves
      for (const TextEdit& e : f.fix->edits) {
        if (std::none_of(edits.begin(), edits.end(), [&](const TextEdit& t) { return sameEdit(e, t); })) edits.push_back(e);
      }
      chosen.push_back(&f);
    }
    if (chosen.empty()) break;

    std::map<std::string, std::vector<TextEdit>> by_file;
    for (const TextEdit& e : edits) by_file[e.uri].push_back(e);
    std::map<std::string, std::string> bad;  // uri -> why its fixes were not kept
    std::map<std::string, std::string> before_pass, after_pass;
    for (auto& [uri, file_edits] : by_file) {
      auto file = files.find(uri);
      fs::path target = (root / uri).lexically_normal();
      if (file == files.end() || !read.count(uri) || !inside(target, root)) {
        bad[uri] = fmt::format("{} is not a file this scan read inside the scan root: not changed", uri);
        continue;
      }
      std::optional<std::string> next = applyEdits(file->second->text(), file_edits);
      if (!next) {
        bad[uri] = "the fixes' edits overlap";
        continue;
      }
      before_pass[uri] = file->second->text();
      after_pass[uri] = std::move(*next);
    }
    // A finding whose edits span files is kept only when every one of them is.
    for (bool grew = true; grew;) {
      grew = false;
      for (const Finding* f : chosen) {
        std::vector<std::string> touched = filesOf(*f->fix);
        auto problem = std::find_if(touched.begin(), touched.end(), [&](const std::string& u) { return bad.count(u) > 0; });
        if (problem == touched.end()) continue;
        for (const std::string& u : touched) {
          if (!bad.count(u)) {
            bad[u] = bad[*problem];
            grew = true;
          }
        }
      }
    }
    std::vector<std::string> written;
    for (auto& [uri, text] : after_pass) {
      if (bad.count(uri)) continue;
      if (std::string error = replaceFile(root / uri, text); !error.empty()) {
        bad[uri] = error;
        continue;
      }
      written.push_back(uri);
    }

    // Scanned again: each written file's fixes must have removed their findings and brought none.
    ScanResult next = run.scan(copy.paths, root);
    std::vector<Finding> next_findings = run.filter(next);
    std::set<Key> before_keys, after_keys;
    for (const Finding& f : findings) before_keys.insert(noveltyOf(f));
    for (const Finding& f : next_findings) after_keys.insert(keyOf(f));
    std::map<std::string, std::string> rollback;  // uri -> reason
    for (const Finding& f : next_findings) {
      if (before_keys.count(noveltyOf(f))) continue;
      // Revealed rather than brought: `privileged: false` lets K8S012 see the
      // missing allowPrivilegeEscalation. When this run will apply the new
      // finding's own fix, the next pass does; whatever is still new at the
      // end is rolled back below.
      if (f.fix && f.fix->applicable() && (f.fix->safe || run.unsafe) && !f.suppression && !f.baselined && !failed.count(keyOf(f))) continue;
      std::string why = fmt::format("the fix would bring {} at {}:{} ({})", f.rule_id, f.location.uri, f.location.start_line, f.message);
      if (std::find(written.begin(), written.end(), f.location.uri) != written.end()) {
        rollback.emplace(f.location.uri, why);
      } else {
        for (const std::string& uri : written) rollback.emplace(uri, why);
      }
    }
    std::set<const Finding*> kept_out;  // chosen findings that did not go away
    for (const Finding* f : chosen) {
      if (!after_keys.count(keyOf(*f))) continue;
      kept_out.insert(f);
      for (const std::string& uri : filesOf(*f->fix)) {
        if (std::find(written.begin(), written.end(), uri) != written.end()) rollback.emplace(uri, kNotRemoved);
      }
    }
    for (auto& [uri, why] : rollback) {
      if (std::string error = replaceFile(root / uri, before_pass[uri]); !error.empty()) {
        report.skipped.push_back({Location{}, "", "could not roll back the working copy: " + error});
      }
      bad[uri] = why;
    }
    for (const Finding* f : chosen) {
      std::vector<std::string> touched = filesOf(*f->fix);
      auto problem = std::find_if(touched.begin(), touched.end(), [&](const std::string& u) { return bad.count(u) > 0; });
      if (problem == touched.end()) {
        ++report.applied;
        ++applied_in[touched.front()];
        continue;
      }
      // Rolled back with the file's other fixes: tried again next pass, unless it was the one that failed.
      bool culprit = kept_out.count(f) > 0 || !rollback.count(*problem) || rollback[*problem] != kNotRemoved;
      if (culprit) {
        failed.insert(keyOf(*f));
        skip(*f, kept_out.count(f) ? std::string(kNotRemoved) + "; rolled back" : bad[*problem] + "; rolled back");
      }
    }
    if (rollback.empty()) {
      result = std::move(next);
      findings = std::move(next_findings);
    } else {
      result = run.scan(copy.paths, root);
      findings = run.filter(result);
    }
  }

  // A revealed finding whose fix did not take is new after all: its file goes back to what was read.
  std::set<Key> original_keys;
  for (const Finding& f : original) original_keys.insert(noveltyOf(f));
  std::map<std::string, std::string> still_new;  // uri -> why
  for (const Finding& f : findings) {
    if (original_keys.count(noveltyOf(f)) || !read.count(f.location.uri)) continue;
    still_new.emplace(f.location.uri, fmt::format("the fixes would bring {} at {}:{} ({}); rolled back", f.rule_id, f.location.uri,
                                                  f.location.start_line, f.message));
  }
  for (const auto& [uri, why] : still_new) {
    if (std::string error = replaceFile(root / uri, read[uri]); !error.empty()) {
      report.skipped.push_back({Location{}, "", "could not roll back the working copy: " + error});
    }
    report.applied -= std::min(report.applied, applied_in[uri]);
    report.skipped.push_back({Location{uri, 0, 0, 0, 0, {}, {}, {}}, "", why});
  }
  if (!still_new.empty()) {
    result = run.scan(copy.paths, root);
    findings = run.filter(result);
  }

  // The result: every working file that differs from what was read, written back (unless --diff).
  if (run.before_writing) run.before_writing();
  for (const auto& [uri, before] : read) {
    auto bytes = readFileBytes(root / uri, std::uintmax_t(1) << 32);
    const std::string* after = std::get_if<std::string>(&bytes);
    if (!after || *after == before) continue;
    if (!run.diff_only) {
      std::error_code ec;
      fs::path target = fs::canonical(real_root / uri, ec);
      if (ec || !inside(target, real_root)) {
        report.skipped.push_back({Location{uri, 0, 0, 0, 0, {}, {}, {}}, "", "outside the scan root (or a link to a file outside it): not changed"});
        continue;
      }
      auto now = readFileBytes(target, std::uintmax_t(1) << 32);
      const std::string* current = std::get_if<std::string>(&now);
      if (!current || *current != before) {
        report.skipped.push_back({Location{uri, 0, 0, 0, 0, {}, {}, {}}, "", "changed since it was read (or not stored as read): not changed"});
        continue;
      }
      if (std::string error = replaceFile(target, *after); !error.empty()) {
        report.skipped.push_back({Location{uri, 0, 0, 0, 0, {}, {}, {}}, "", error});
        continue;
      }
    }
    report.changed[uri] = {before, *after};
  }
  report.remaining = std::move(findings);
  report.last = std::move(result);
  return report;
}

}  // namespace palisade
