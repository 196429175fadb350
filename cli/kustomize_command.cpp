// `palisade kustomize build DIR`: the objects palisade's own Kustomize builder
// makes of DIR, as YAML — what the scan judges, for a user debugging an
// overlay. With --origins each value another file set (a patch, the
// kustomization's namePrefix, namespace, labels, images) carries that
// file:line as a comment, and a renamed value where it was first written.
// Build problems go to stderr as GEN findings.
#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/option_table.h"
#include "core/atomic_file.h"
#include "core/source_file.h"
#include "parsers/kustomize/builder.h"
#include "parsers/yaml/yaml_writer.h"

namespace palisade {

namespace {

namespace fs = std::filesystem;

// The folder the build may read from: the repository DIR is in, else the
// current folder when it holds DIR, else DIR itself (bases are often in ../).
fs::path defaultRoot(const fs::path& dir) {
  std::error_code ec;
  for (fs::path at = dir; !at.empty(); at = at.parent_path()) {
    if (fs::exists(at / ".git", ec)) return at;
    if (at == at.parent_path()) break;
  }
  fs::path cwd = fs::weakly_canonical(fs::current_path(ec), ec);
  fs::path relative = dir.lexically_relative(cwd);
  if (!relative.empty() && *relative.begin() != "..") return cwd;
  return dir;
}

std::string where(const Span& span) {
  return span.valid() ? fmt::format("{}:{}", span.file->path(), span.start.line) : std::string();
}

}  // namespace

int runKustomizeCommand(const std::vector<std::string>& args) {
  auto parsed = parseArguments(*findCommandSpec("kustomize"), args);
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade kustomize: {}\n", error->message);
    return 2;
  }
  const ParsedArgs& a = std::get<ParsedArgs>(parsed);
  if (a.positionals.size() != 2 || a.positionals[0] != "build") {
    fmt::print(stderr, "palisade kustomize: usage: palisade kustomize build DIR [--origins] [--output FILE] [--root DIR]\n");
    return 2;
  }
  bool origins = false;
  std::string output, root_option;
  for (const ParsedOption& o : a.options) {
    if (o.is("--origins")) origins = true;
    if (o.is("--output")) output = o.value;
    if (o.is("--root")) root_option = o.value;
  }
  std::error_code ec;
  const fs::path dir = fs::weakly_canonical(fs::absolute(a.positionals[1], ec), ec);
  if (!fs::is_directory(dir, ec)) {
    fmt::print(stderr, "palisade kustomize build: '{}' is not a folder\n", a.positionals[1]);
    return 2;
  }
  if (kustomize::kustomizationFileIn(dir).empty()) {
    fmt::print(stderr, "palisade kustomize build: '{}' holds no kustomization.yaml, kustomization.yml or Kustomization\n",
               a.positionals[1]);
    return 2;
  }
  fs::path root = root_option.empty() ? defaultRoot(dir) : fs::weakly_canonical(fs::absolute(root_option, ec), ec);
  if (!root_option.empty() && !fs::is_directory(root, ec)) {
    fmt::print(stderr, "palisade kustomize build: --root '{}' is not a folder\n", root_option);
    return 2;
  }
  fs::path inside = dir.lexically_relative(root);
  if (inside.empty() || *inside.begin() == "..") {
    fmt::print(stderr, "palisade kustomize build: '{}' is not inside --root '{}'\n", a.positionals[1], root_option);
    return 2;
  }

  kustomize::SourceCache cache(root, ReadLimits{});
  kustomize::BuildResult result = kustomize::build(dir, cache);
  std::string yaml;
  for (std::size_t i = 0; i < result.objects.size(); ++i) {
    const Value& body = result.objects[i].body;
    if (i > 0) yaml += "---\n";
    YamlComment comment;
    if (origins) {
      const SourceFile* own = body.span().file;
      // Where the value was set, when another file set it; and where it was
      // first written, when a rename moved it (namePrefix, a rewritten reference).
      comment = [own](const Value& scalar) {
        const Span& at = scalar.span();
        const Span& origin = scalar.origin();
        std::string note = at.file && at.file != own ? where(at) : std::string();
        if (origin.valid() && (origin.file != at.file || origin.start.line != at.start.line)) {
          note += (note.empty() ? "origin " : ", origin ") + where(origin);
        }
        return note;
      };
      if (body.span().valid()) yaml += fmt::format("# {}\n", where(body.span()));
    }
    yaml += writeYaml(body, comment);
  }
  bool failed = false;
  for (const Diagnostic& d : result.diagnostics) {
    // A remote resource (GEN031) or a field palisade does not apply (GEN032) is a note: the build went on.
    failed = failed || (d.code != GenCode::KustomizeRemoteResource && d.code != GenCode::KustomizeNotApplied);
    std::string at = d.span.valid() ? fmt::format("{}:{}:{}", d.span.file->path(), d.span.start.line, d.span.start.column)
                                    : d.path;
    fmt::print(stderr, "{}: {} {}\n", at, d.ruleId(), d.message);
  }
  if (output.empty()) {
    fmt::print("{}", yaml);
  } else if (std::string error = writeFileAtomically(output, yaml); !error.empty()) {
    fmt::print(stderr, "palisade kustomize build: {}\n", error);
    return 2;
  }
  return failed ? 1 : 0;
}

}  // namespace palisade
