#include "parsers/kustomize/builder.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include "parsers/kustomize/field_path.h"
#include "parsers/kustomize/generators.h"
#include "parsers/kustomize/json_patch.h"
#include "parsers/kustomize/strategic_merge.h"
#include "parsers/kustomize/transforms.h"
#include "parsers/kustomize/value_edit.h"
#include "parsers/yaml/yaml_reader.h"

namespace palisade::kustomize {

namespace fs = std::filesystem;

fs::path kustomizationFileIn(const fs::path& dir) {
  std::error_code ec;
  for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
    fs::path candidate = dir / name;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return {};
}

void SourceCache::add(const fs::path& absolute, SourceFilePtr file) { files_.emplace(absolute, std::move(file)); }

std::string SourceCache::display(const fs::path& absolute) const {
  fs::path rel = absolute.lexically_relative(root_);
  if (rel.empty()) return absolute.generic_string();
  return rel.generic_string();
}

bool SourceCache::inside(const fs::path& absolute) const {
  fs::path rel = absolute.lexically_relative(root_);
  return !rel.empty() && *rel.begin() != "..";
}

SourceFilePtr SourceCache::load(const fs::path& absolute, std::vector<Diagnostic>& diagnostics) {
  if (auto it = files_.find(absolute); it != files_.end()) return it->second;
  if (!inside(absolute)) {
    diagnostics.push_back(Diagnostic{GenCode::KustomizeBuildError, "outside the scan root: not read (scan from a folder that holds it)", {}, display(absolute)});
    return nullptr;
  }
  SourceFilePtr file = loadSource(absolute, display(absolute), limits_, diagnostics);
  if (file) files_.emplace(absolute, file);
  return file;
}

namespace {

constexpr std::array<std::string_view, 23> kApplied = {
    "apiVersion", "kind", "metadata", "resources", "bases", "components", "namespace", "namePrefix", "nameSuffix",
    "commonLabels", "labels", "commonAnnotations", "images", "replicas", "patches", "patchesStrategicMerge",
    "patchesJson6902", "configMapGenerator", "secretGenerator", "generatorOptions", "replacements", "vars", "transformers"};
constexpr std::array<std::string_view, 11> kNotApplied = {
    "configurations", "generators", "validators", "crds", "openapi", "helmCharts", "helmGlobals",
    "helmChartInflationGenerator", "buildMetadata", "sortOptions", "imageTags"};

bool isRemote(std::string_view entry) {
  return entry.starts_with("https://") || entry.starts_with("http://") || entry.starts_with("git@") ||
         entry.starts_with("ssh://") || entry.starts_with("git::") || entry.starts_with("github.com/") ||
         entry.starts_with("gitlab.com/") || entry.starts_with("bitbucket.org/") || entry.find("?ref=") != std::string_view::npos;
}

void repoint(Value& v, const SourceFile* file) {
  Span s = v.span();
  if (s.file) {
    s.file = file;
    v.setSpan(s);
  }
  if (v.isObject()) {
    for (Member& m : v.members()) {
      if (m.key_span.file) m.key_span.file = file;
      repoint(m.value, file);
    }
  } else if (v.isArray()) {
    for (Value& item : v.items()) repoint(item, file);
  }
}

void pinSpans(Value& v, const Span& span) {
  v.setSpan(span);
  if (v.isObject()) {
    for (Member& m : v.members()) {
      m.key_span = span;
      pinSpans(m.value, span);
    }
  } else if (v.isArray()) {
    for (Value& item : v.items()) pinSpans(item, span);
  }
}

struct Selector {
  std::string group, version, kind, name, namespace_name, label_selector, annotation_selector;
  bool any_group = true, any_version = true;
};

Selector selectorOf(const Value& target) {
  Selector s;
  auto get = [&](std::string_view key, std::string& into) {
    if (const Value* v = target.find(key); v && v->isScalar() && !v->isNull()) into = v->isString() ? v->asString() : v->toDisplayString();
  };
  if (target.find("group")) s.any_group = false;
  if (target.find("version")) s.any_version = false;
  get("group", s.group);
  get("version", s.version);
  get("kind", s.kind);
  get("name", s.name);
  get("namespace", s.namespace_name);
  get("labelSelector", s.label_selector);
  get("annotationSelector", s.annotation_selector);
  return s;
}

bool regexMatches(const std::string& pattern, const std::string& text) {
  if (pattern.empty()) return true;
  if (pattern == text) return true;
  RE2 re("^(?:" + pattern + ")$", RE2::Quiet);
  return re.ok() && RE2::FullMatch(text, re);
}

// `a=b,c!=d,e` on a map of labels or annotations.
bool mapSelectorMatches(const std::string& selector, const Value* map) {
  if (selector.empty()) return true;
  std::size_t start = 0;
  while (start <= selector.size()) {
    std::size_t comma = selector.find(',', start);
    std::string term = selector.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    auto trim = [](std::string s) {
      while (!s.empty() && s.front() == ' ') s.erase(s.begin());
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return s;
    };
    term = trim(term);
    if (!term.empty()) {
      bool negate = false;
      std::string key, value;
      bool has_value = false;
      if (auto ne = term.find("!="); ne != std::string::npos) {
        key = trim(term.substr(0, ne));
        value = trim(term.substr(ne + 2));
        negate = has_value = true;
      } else if (auto eq = term.find('='); eq != std::string::npos) {
        key = trim(term.substr(0, eq));
        value = trim(term.substr(term[eq + 1] == '=' ? eq + 2 : eq + 1));
        has_value = true;
      } else if (term.front() == '!') {
        key = trim(term.substr(1));
        negate = true;
      } else {
        key = term;
      }
      const Value* v = map && map->isObject() ? map->find(key) : nullptr;
      bool present = v != nullptr;
      bool equal = present && v->isScalar() && (v->isString() ? v->asString() : v->toDisplayString()) == value;
      bool ok = has_value ? (negate ? !equal : equal) : (negate ? !present : present);
      if (!ok) return false;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

bool selected(const Selector& s, const BuiltObject& o) {
  if (!s.any_group && s.group != o.group()) return false;
  if (!s.any_version && s.version != o.version()) return false;
  if (!s.kind.empty() && !regexMatches(s.kind, o.kind())) return false;
  if (!s.name.empty() && std::none_of(o.names.begin(), o.names.end(), [&](const std::string& n) { return regexMatches(s.name, n); })) {
    return false;
  }
  if (!s.namespace_name.empty() &&
      std::none_of(o.namespaces.begin(), o.namespaces.end(), [&](const std::string& n) { return regexMatches(s.namespace_name, n); })) {
    return false;
  }
  if (!mapSelectorMatches(s.label_selector, valueAt(o.body, {"metadata", "labels"}))) return false;
  if (!mapSelectorMatches(s.annotation_selector, valueAt(o.body, {"metadata", "annotations"}))) return false;
  return true;
}

struct Var {
  std::string name;
  std::string kind, object_name, api_version;
  std::string field_path = "metadata.name";
  Span span;
};

class Builder {
 public:
  Builder(SourceCache& cache, BuildResult& out) : cache_(cache), out_(out) {}

  void buildRoot(const fs::path& dir) {
    std::vector<BuiltObject> objects;
    level(dir, objects, false, Span{});
    finish(objects);
    out_.objects = std::move(objects);
  }

 private:
  void problem(GenCode code, const Span& at, std::string message, const fs::path& file) {
    out_.diagnostics.push_back(Diagnostic{code, std::move(message), at, at.file ? at.file->path() : cache_.display(file)});
  }

  void useFile(const fs::path& file) {
    if (std::find(out_.files.begin(), out_.files.end(), file) == out_.files.end()) out_.files.push_back(file);
  }

  SourceFilePtr load(const fs::path& file, const Span& named_at) {
    std::vector<Diagnostic> diagnostics;
    SourceFilePtr source = cache_.load(file, diagnostics);
    for (Diagnostic& d : diagnostics) {
      if (named_at.valid()) d.span = named_at;
      d.code = GenCode::KustomizeBuildError;
      d.message = fmt::format("{}: {}", cache_.display(file), d.message);
      if (named_at.file) d.path = named_at.file->path();
      out_.diagnostics.push_back(std::move(d));
    }
    if (source) {
      useFile(file);
      if (std::find(out_.sources.begin(), out_.sources.end(), source) == out_.sources.end()) out_.sources.push_back(source);
    }
    return source;
  }

  std::vector<YamlDocument> readDocuments(const SourceFile& file) {
    YamlReadResult yaml = readYaml(file, cache_.limits());
    for (Diagnostic& d : yaml.diagnostics) out_.diagnostics.push_back(std::move(d));
    return std::move(yaml.documents);
  }

  // The YAML inside a string of a kustomization (an inline patch), located in the kustomization itself.
  Value inlineYaml(const Value& scalar, const SourceFile& kfile, bool& ok) {
    ok = false;
    const std::string& text = scalar.asString();
    std::vector<Diagnostic> ignored;
    auto plain = std::make_shared<const SourceFile>(kfile.path(), text);
    YamlReadResult parsed = readYaml(*plain, cache_.limits());
    if (!parsed.diagnostics.empty() || parsed.documents.size() != 1) {
      problem(GenCode::KustomizeBuildError, scalar.span(), "inline patch is not one valid YAML document", {});
      return {};
    }
    Value value = std::move(parsed.documents.front().root);
    ok = true;
    // Parsed again in place: the kustomization's text with everything but the scalar's lines blanked keeps every offset.
    const Span& s = scalar.span();
    if (s.file == &kfile && s.end <= kfile.text().size()) {
      std::string blanked = kfile.text();
      std::size_t content = blanked.find('\n', s.begin);
      if (content != std::string::npos) {
        for (std::size_t i = 0; i < blanked.size(); ++i) {
          if ((i <= content || i >= s.end) && blanked[i] != '\n') blanked[i] = ' ';
        }
        auto located = std::make_shared<const SourceFile>(kfile.path(), std::move(blanked));
        YamlReadResult again = readYaml(*located, cache_.limits());
        if (again.diagnostics.empty() && again.documents.size() == 1 && again.documents.front().root.sameContent(value)) {
          Value in_place = std::move(again.documents.front().root);
          repoint(in_place, &kfile);
          return in_place;
        }
      }
    }
    pinSpans(value, scalar.span());
    return value;
  }

  // Patch documents from a `path:` (a file) or `patch:` (inline) entry, or a patchesStrategicMerge string.
  std::vector<Value> patchDocuments(const Value* path, const Value* inline_patch, const fs::path& dir, const SourceFile& kfile) {
    std::vector<Value> docs;
    if (path && path->isString()) {
      fs::path file = (dir / path->asString()).lexically_normal();
      std::error_code ec;
      if (!fs::is_regular_file(file, ec)) {
        problem(GenCode::KustomizeBuildError, path->span(), fmt::format("patch file '{}' does not exist", path->asString()), {});
        return docs;
      }
      SourceFilePtr source = load(file, path->span());
      if (!source) return docs;
      for (YamlDocument& d : readDocuments(*source)) {
        if (!d.root.isNull()) docs.push_back(std::move(d.root));
      }
      return docs;
    }
    if (inline_patch && inline_patch->isString()) {
      bool ok = false;
      Value v = inlineYaml(*inline_patch, kfile, ok);
      if (ok) docs.push_back(std::move(v));
    }
    return docs;
  }

  void strategicPatch(std::vector<BuiltObject>& objects, const Value& patch, const Selector* target, const Span& at) {
    Value body = patch;
    // The patch names its target: its own name and namespace are not written into it.
    std::string name, ns;
    if (Value* metadata = body.find("metadata")) {
      if (const std::string* n = stringAt(*metadata, {"name"})) name = *n;
      if (const std::string* n = stringAt(*metadata, {"namespace"})) ns = *n;
      removeMember(*metadata, "name");
      removeMember(*metadata, "namespace");
      if (metadata->isObject() && metadata->members().empty()) removeMember(body, "metadata");
    }
    const std::string* kind = stringAt(patch, {"kind"});
    bool any = false;
    for (std::size_t i = 0; i < objects.size();) {
      BuiltObject& o = objects[i];
      bool match = target ? selected(*target, o)
                          : (kind && *kind == o.kind() && o.hadName(name) && (ns.empty() || o.hadNamespace(ns)));
      if (!match) {
        ++i;
        continue;
      }
      any = true;
      if (!strategicMerge(o.body, body)) {
        objects.erase(objects.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      ++i;
    }
    // A patch that names its object must find it (kustomize stops there); one with a target selector need not.
    if (!any && !target) {
      problem(GenCode::KustomizeBuildError, at, fmt::format("patch target {} '{}' matches no object of the build", kind ? *kind : "?", name), {});
    }
  }

  void jsonPatch(std::vector<BuiltObject>& objects, const Value& operations, const Selector& target, const Span& at) {
    // A target that selects nothing is no error to kustomize.
    for (BuiltObject& o : objects) {
      if (!selected(target, o)) continue;
      std::string why = applyJsonPatch(o.body, operations);
      if (!why.empty()) problem(GenCode::KustomizeBuildError, at, fmt::format("JSON patch on {} '{}': {}", o.kind(), o.name(), why), {});
    }
  }

  void addResourceFile(const fs::path& file, const Span& named_at, std::vector<BuiltObject>& objects) {
    SourceFilePtr source = load(file, named_at);
    if (!source) return;
    for (YamlDocument& doc : readDocuments(*source)) {
      auto add = [&](Value&& body) {
        if (!body.isObject() || !stringAt(body, {"kind"})) return;
        BuiltObject o;
        o.body = std::move(body);
        o.remember();
        objects.push_back(std::move(o));
      };
      const std::string* kind = stringAt(doc.root, {"kind"});
      Value* items = doc.root.find("items");
      if (kind && kind->ends_with("List") && items && items->isArray()) {
        for (Value& item : items->items()) add(std::move(item));
      } else {
        add(std::move(doc.root));
      }
    }
  }

  void resourceEntry(const Value& entry, const fs::path& dir, std::vector<BuiltObject>& objects) {
    if (!entry.isString()) return;
    const std::string& text = entry.asString();
    if (isRemote(text)) {
      problem(GenCode::KustomizeRemoteResource, entry.span(),
              fmt::format("remote resource '{}' is not fetched; its objects are not checked", text), {});
      return;
    }
    std::error_code ec;
    fs::path path = fs::weakly_canonical(dir / text, ec);
    if (ec) path = (dir / text).lexically_normal();
    if (fs::is_directory(path, ec)) {
      std::vector<BuiltObject> sub;
      level(path, sub, false, entry.span());
      for (BuiltObject& o : sub) objects.push_back(std::move(o));
    } else if (fs::is_regular_file(path, ec)) {
      addResourceFile(path, entry.span(), objects);
    } else {
      problem(GenCode::KustomizeBuildError, entry.span(), fmt::format("resource '{}' does not exist", text), {});
    }
  }

  void level(const fs::path& dir, std::vector<BuiltObject>& objects, bool component, const Span& named_at) {
    fs::path file = kustomizationFileIn(dir);
    if (file.empty()) {
      problem(GenCode::KustomizeBuildError, named_at,
              fmt::format("'{}' holds no kustomization.yaml, kustomization.yml or Kustomization", cache_.display(dir)), dir);
      return;
    }
    if (std::find(stack_.begin(), stack_.end(), dir) != stack_.end()) {
      problem(GenCode::KustomizeBuildError, named_at, fmt::format("kustomizations include each other in a cycle through '{}'", cache_.display(dir)), dir);
      return;
    }
    if (stack_.size() > 64) {
      problem(GenCode::AnalysisLimit, named_at, "kustomizations nested more than 64 deep", dir);
      return;
    }
    SourceFilePtr kfile = load(file, named_at);
    if (!kfile) return;
    if (std::find(out_.kustomizations.begin(), out_.kustomizations.end(), dir) == out_.kustomizations.end()) {
      out_.kustomizations.push_back(dir);
    }
    if (!out_.root_kustomization) out_.root_kustomization = kfile;
    stack_.push_back(dir);
    std::vector<YamlDocument> docs = readDocuments(*kfile);
    Value k = docs.empty() ? Value::object() : std::move(docs.front().root);
    if (k.isNull()) k = Value::object();
    if (!k.isObject()) {
      problem(GenCode::KustomizeBuildError, k.span(), "a kustomization is a YAML mapping", file);
      stack_.pop_back();
      return;
    }
    for (const Member& m : k.members()) {
      if (std::find(kApplied.begin(), kApplied.end(), m.key) != kApplied.end()) continue;
      if (std::find(kNotApplied.begin(), kNotApplied.end(), m.key) != kNotApplied.end()) {
        problem(GenCode::KustomizeNotApplied, m.key_span,
                fmt::format("'{}' is not applied by palisade's Kustomize: the objects may differ from kustomize build's", m.key), file);
        continue;
      }
      problem(GenCode::KustomizeBuildError, m.key_span, fmt::format("unknown kustomization field '{}'", m.key), file);
    }
    readConfigurations(k, dir);
    for (std::string_view field : {"resources", "bases"}) {
      if (const Value* list = k.find(field); list && list->isArray()) {
        for (const Value& entry : list->items()) resourceEntry(entry, dir, objects);
      }
    }
    if (const Value* list = k.find("components"); list && list->isArray()) {
      for (const Value& entry : list->items()) {
        if (!entry.isString()) continue;
        if (isRemote(entry.asString())) {
          problem(GenCode::KustomizeRemoteResource, entry.span(),
                  fmt::format("remote component '{}' is not fetched; what it changes is not checked", entry.asString()), {});
          continue;
        }
        std::error_code ec;
        fs::path path = fs::weakly_canonical(dir / entry.asString(), ec);
        level(ec ? (dir / entry.asString()).lexically_normal() : path, objects, true, entry.span());
      }
    }
    generators(k, dir, *kfile, objects);
    transformers(k, dir, *kfile, objects);
    if (const Value* vars = k.find("vars"); vars && vars->isArray()) {
      for (const Value& v : vars->items()) {
        Var var;
        const std::string* name = stringAt(v, {"name"});
        if (!name) continue;
        var.name = *name;
        if (const std::string* s = stringAt(v, {"objref", "kind"})) var.kind = *s;
        if (const std::string* s = stringAt(v, {"objref", "name"})) var.object_name = *s;
        if (const std::string* s = stringAt(v, {"objref", "apiVersion"})) var.api_version = *s;
        if (const std::string* s = stringAt(v, {"fieldref", "fieldpath"})) var.field_path = *s;
        var.span = v.span();
        vars_.push_back(std::move(var));
      }
    }
    (void)component;
    stack_.pop_back();
  }

  // `configurations:` files: their varReference entries say where vars are substituted.
  void readConfigurations(const Value& k, const fs::path& dir) {
    const Value* list = k.find("configurations");
    if (!list || !list->isArray()) return;
    for (const Value& entry : list->items()) {
      if (!entry.isString()) continue;
      fs::path file = (dir / entry.asString()).lexically_normal();
      std::error_code ec;
      if (!fs::is_regular_file(file, ec)) continue;
      SourceFilePtr source = load(file, entry.span());
      if (!source) continue;
      for (YamlDocument& doc : readDocuments(*source)) {
        if (const Value* refs = doc.root.find("varReference"); refs && refs->isArray()) {
          for (const Value& r : refs->items()) {
            const std::string* path = stringAt(r, {"path"});
            const std::string* kind = stringAt(r, {"kind"});
            if (path) var_paths_.push_back({kind ? *kind : "", *path});
          }
        }
      }
    }
  }

  void generators(const Value& k, const fs::path& dir, const SourceFile& kfile, std::vector<BuiltObject>& objects) {
    const Value* options = k.find("generatorOptions");
    LoadFile loader = [&](const fs::path& file, const Span& named_at) -> SourceFilePtr {
      std::error_code ec;
      if (!fs::is_regular_file(file, ec)) {
        problem(GenCode::KustomizeBuildError, named_at, fmt::format("generator file '{}' does not exist", cache_.display(file)), {});
        return nullptr;
      }
      return load(file, named_at);
    };
    for (auto [field, secret] : {std::pair{"configMapGenerator", false}, std::pair{"secretGenerator", true}}) {
      const Value* list = k.find(field);
      if (!list || !list->isArray()) continue;
      for (const Value& entry : list->items()) {
        if (!entry.isObject()) continue;
        GeneratorInput input{&entry, options, secret, dir, &kfile};
        BuiltObject made = generate(input, loader, out_.diagnostics);
        if (made.behavior == "merge" || made.behavior == "replace") {
          auto existing = std::find_if(objects.begin(), objects.end(), [&](const BuiltObject& o) {
            return o.kind() == made.kind() && o.hadName(made.name()) &&
                   (made.namespaceName().empty() || o.hadNamespace(made.namespaceName()));
          });
          if (existing == objects.end()) {
            problem(GenCode::KustomizeBuildError, entry.span(),
                    fmt::format("{} '{}' with behavior {} has nothing to {} with", made.kind(), made.name(), made.behavior, made.behavior), {});
            continue;
          }
          if (made.behavior == "merge") {
            mergeGenerated(*existing, made);
          } else {
            Value* name = valueAt(existing->body, {"metadata", "name"});
            Value kept_name = name ? *name : Value();
            Value* ns = valueAt(existing->body, {"metadata", "namespace"});
            Value kept_ns = ns ? *ns : Value();
            bool hash = made.hash_suffix;
            existing->body = std::move(made.body);
            if (name) setMember(*existing->body.find("metadata"), "name", kept_name);
            if (ns) setMember(*existing->body.find("metadata"), "namespace", kept_ns);
            existing->hash_suffix = hash;
          }
          continue;
        }
        objects.push_back(std::move(made));
      }
    }
  }

  void transformers(const Value& k, const fs::path& dir, const SourceFile& kfile, std::vector<BuiltObject>& objects) {
    if (const Value* list = k.find("patchesStrategicMerge"); list && list->isArray()) {
      for (const Value& entry : list->items()) {
        if (!entry.isString()) continue;
        fs::path file = (dir / entry.asString()).lexically_normal();
        std::error_code ec;
        bool is_file = entry.asString().find('\n') == std::string::npos && fs::is_regular_file(file, ec);
        std::vector<Value> docs = is_file ? patchDocuments(&entry, nullptr, dir, kfile) : patchDocuments(nullptr, &entry, dir, kfile);
        if (!is_file && entry.asString().find(':') == std::string::npos) {
          problem(GenCode::KustomizeBuildError, entry.span(), fmt::format("patch file '{}' does not exist", entry.asString()), {});
          continue;
        }
        for (const Value& doc : docs) strategicPatch(objects, doc, nullptr, entry.span());
      }
    }
    if (const Value* list = k.find("patches"); list && list->isArray()) {
      for (const Value& entry : list->items()) {
        if (!entry.isObject()) continue;
        const Value* target = entry.find("target");
        std::optional<Selector> selector;
        if (target && target->isObject()) selector = selectorOf(*target);
        std::vector<Value> docs = patchDocuments(entry.find("path"), entry.find("patch"), dir, kfile);
        for (const Value& doc : docs) {
          if (doc.isArray()) {
            if (!selector) {
              problem(GenCode::KustomizeBuildError, entry.span(), "a JSON patch needs a target", {});
              continue;
            }
            jsonPatch(objects, doc, *selector, entry.span());
          } else if (doc.isObject()) {
            strategicPatch(objects, doc, selector ? &*selector : nullptr, entry.span());
          }
        }
      }
    }
    if (const Value* ns = k.find("namespace")) setNamespace(objects, *ns);
    addNamePrefixSuffix(objects, k.find("namePrefix"), k.find("nameSuffix"));
    if (const Value* labels = k.find("commonLabels")) addLabels(objects, *labels, true, true);
    if (const Value* list = k.find("labels"); list && list->isArray()) {
      for (const Value& entry : list->items()) {
        const Value* pairs = entry.find("pairs");
        if (!pairs) continue;
        const Value* include_selectors = entry.find("includeSelectors");
        const Value* include_templates = entry.find("includeTemplates");
        bool selectors = include_selectors && include_selectors->isBool() && include_selectors->asBool();
        bool templates = include_templates && include_templates->isBool() && include_templates->asBool();
        addLabels(objects, *pairs, selectors, templates);
      }
    }
    if (const Value* annotations = k.find("commonAnnotations")) addAnnotations(objects, *annotations);
    if (const Value* list = k.find("patchesJson6902"); list && list->isArray()) {
      for (const Value& entry : list->items()) {
        const Value* target = entry.find("target");
        if (!target || !target->isObject()) continue;
        Selector selector = selectorOf(*target);
        for (const Value& doc : patchDocuments(entry.find("path"), entry.find("patch"), dir, kfile)) {
          jsonPatch(objects, doc, selector, entry.span());
        }
      }
    }
    if (const Value* replicas = k.find("replicas")) {
      for (const std::string& name : setReplicas(objects, *replicas)) {
        problem(GenCode::KustomizeBuildError, replicas->span(), fmt::format("replicas: no workload named '{}'", name), {});
      }
    }
    if (const Value* images = k.find("images")) setImages(objects, *images);
    if (const Value* list = k.find("transformers"); list && list->isArray()) {
      for (const Value& entry : list->items()) customTransformer(objects, entry, dir, kfile);
    }
    if (const Value* list = k.find("replacements"); list && list->isArray()) {
      for (const Value& entry : list->items()) {
        if (const Value* path = entry.find("path"); path && path->isString()) {
          for (const Value& doc : patchDocuments(path, nullptr, dir, kfile)) {
            if (doc.isArray()) {
              for (const Value& r : doc.items()) replacement(objects, r);
            } else {
              replacement(objects, doc);
            }
          }
        } else {
          replacement(objects, entry);
        }
      }
    }
  }

  // `transformers:` entries: the built-in label and annotation transformers
  // configured by file; anything else (a plugin) is not applied and says so.
  void customTransformer(std::vector<BuiltObject>& objects, const Value& entry, const fs::path& dir, const SourceFile& kfile) {
    if (!entry.isString()) return;
    fs::path file = (dir / entry.asString()).lexically_normal();
    std::error_code ec;
    std::vector<Value> docs;
    if (fs::is_regular_file(file, ec)) {
      docs = patchDocuments(&entry, nullptr, dir, kfile);
    } else if (entry.asString().find('\n') != std::string::npos) {
      docs = patchDocuments(nullptr, &entry, dir, kfile);
    }
    bool applied = !docs.empty();
    for (const Value& config : docs) {
      const std::string* api = stringAt(config, {"apiVersion"});
      const std::string* kind = stringAt(config, {"kind"});
      const Value* specs = config.find("fieldSpecs");
      bool builtin = api && *api == "builtin" && kind && specs && specs->isArray();
      const Value* map = nullptr;
      if (builtin && *kind == "LabelTransformer") map = config.find("labels");
      if (builtin && *kind == "AnnotationsTransformer") map = config.find("annotations");
      if (!map || !map->isObject()) {
        applied = false;
        continue;
      }
      for (BuiltObject& o : objects) {
        for (const Value& spec : specs->items()) {
          const std::string* path = stringAt(spec, {"path"});
          const std::string* only_kind = stringAt(spec, {"kind"});
          const Value* create = spec.find("create");
          if (!path || (only_kind && *only_kind != o.kind())) continue;
          applyFieldSpec(o, *path, create && create->isBool() && create->asBool(), *map);
        }
      }
    }
    if (!applied) {
      problem(GenCode::KustomizeNotApplied, entry.span(),
              fmt::format("transformer '{}' is not applied by palisade's Kustomize (only the built-in label and annotation "
                          "transformers are): the objects may differ from kustomize build's",
                          entry.asString().substr(0, 80)),
              {});
    }
  }

  void replacement(std::vector<BuiltObject>& objects, const Value& r) {
    const Value* source = r.find("source");
    if (!source || !source->isObject()) return;
    Selector from = selectorOf(*source);
    const std::string* field_path = stringAt(*source, {"fieldPath"});
    std::string path = field_path ? *field_path : "metadata.name";
    const Value* value = nullptr;
    for (const BuiltObject& o : objects) {
      if (selected(from, o)) {
        value = findField(o.body, path);
        break;
      }
    }
    if (!value) {
      problem(GenCode::KustomizeBuildError, source->span(), "replacement source matches no field of the build", {});
      return;
    }
    Value replacing = *value;
    if (const Value* options = source->find("options")) {
      const std::string* delimiter = stringAt(*options, {"delimiter"});
      const Value* index = options->find("index");
      if (delimiter && replacing.isString()) {
        std::vector<std::string> parts = splitBy(replacing.asString(), *delimiter);
        int64_t i = index && index->isInt() ? index->asInt() : 0;
        if (i >= 0 && static_cast<std::size_t>(i) < parts.size()) replacing = Value::string(parts[static_cast<std::size_t>(i)], replacing.span());
      }
    }
    const Value* targets = r.find("targets");
    if (!targets || !targets->isArray()) return;
    for (const Value& t : targets->items()) {
      const Value* select = t.find("select");
      if (!select) continue;
      Selector to = selectorOf(*select);
      std::vector<Selector> rejects;
      if (const Value* reject = t.find("reject"); reject && reject->isArray()) {
        for (const Value& rj : reject->items()) rejects.push_back(selectorOf(rj));
      }
      const Value* options = t.find("options");
      const std::string* delimiter = options ? stringAt(*options, {"delimiter"}) : nullptr;
      const Value* index_value = options ? options->find("index") : nullptr;
      bool create = options && options->find("create") && options->find("create")->isBool() && options->find("create")->asBool();
      for (BuiltObject& o : objects) {
        if (!selected(to, o)) continue;
        if (std::any_of(rejects.begin(), rejects.end(), [&](const Selector& s) { return selected(s, o); })) continue;
        const Value* paths = t.find("fieldPaths");
        if (!paths || !paths->isArray()) continue;
        for (const Value& p : paths->items()) {
          if (!p.isString()) continue;
          Value* at = findField(o.body, p.asString(), create);
          if (!at) continue;
          if (delimiter && at->isString()) {
            std::vector<std::string> parts = splitBy(at->asString(), *delimiter);
            int64_t i = index_value && index_value->isInt() ? index_value->asInt() : 0;
            std::string with = replacing.isString() ? replacing.asString() : replacing.toDisplayString();
            if (i < 0) {
              parts.insert(parts.begin(), with);
            } else if (static_cast<std::size_t>(i) >= parts.size()) {
              parts.push_back(with);
            } else {
              parts[static_cast<std::size_t>(i)] = with;
            }
            std::string joined;
            for (std::size_t n = 0; n < parts.size(); ++n) joined += (n ? *delimiter : "") + parts[n];
            *at = locatedString(std::move(joined), replacing.span(), at->span());
          } else {
            Span was = at->span();
            *at = replacing;
            if (was.valid()) at->setOrigin(was);
          }
        }
      }
    }
  }

  // After every level: hash suffixes, references to renamed objects, then vars.
  void finish(std::vector<BuiltObject>& objects) {
    for (BuiltObject& o : objects) {
      if (!o.hash_suffix) continue;
      Value* name = valueAt(o.body, {"metadata", "name"});
      if (!name || !name->isString()) continue;
      Span span = name->span();
      Span origin = name->origin();
      *name = Value::string(name->asString() + "-" + contentHashSuffix(o.body), span);
      if (origin.valid()) name->setOrigin(origin);
      o.remember();
    }
    fixNameReferences(objects);
    resolveVars(objects);
  }

  void resolveVars(std::vector<BuiltObject>& objects) {
    if (vars_.empty()) return;
    std::vector<std::pair<std::string, Value>> values;
    for (const Var& var : vars_) {
      for (const BuiltObject& o : objects) {
        if (o.kind() != var.kind || !o.hadName(var.object_name)) continue;
        if (const Value* v = findField(o.body, var.field_path)) values.emplace_back(var.name, *v);
        break;
      }
    }
    if (values.empty()) return;
    auto substitute = [&](Value& v) {
      if (!v.isString() || v.asString().find("$(") == std::string::npos) return;
      std::string text = v.asString();
      bool changed = false;
      for (const auto& [name, value] : values) {
        std::string token = "$(" + name + ")";
        std::string with = value.isString() ? value.asString() : value.toDisplayString();
        for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + with.size())) {
          text.replace(at, token.size(), with);
          changed = true;
        }
      }
      if (changed) v = Value::string(std::move(text), v.span());
    };
    // kustomize's default varReference field specs (by kind), then those `configurations:` files add.
    static const std::vector<std::pair<std::string, std::string>> kDefaultPaths = [] {
      std::vector<std::pair<std::string, std::string>> out;
      for (const char* field : {"command", "args", "env/value"}) {
        for (const char* containers : {"containers", "initContainers"}) {
          for (const char* kind : {"Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "ReplicationController"}) {
            out.emplace_back(kind, fmt::format("spec/template/spec/{}/{}", containers, field));
          }
          out.emplace_back("Pod", fmt::format("spec/{}/{}", containers, field));
          out.emplace_back("CronJob", fmt::format("spec/jobTemplate/spec/template/spec/{}/{}", containers, field));
        }
      }
      for (const char* path : {"spec/rules/host", "spec/tls/hosts", "spec/tls/secretName"}) out.emplace_back("Ingress", path);
      out.emplace_back("", "metadata/annotations");
      return out;
    }();
    std::vector<std::pair<std::string, std::string>> paths = kDefaultPaths;
    for (const auto& p : var_paths_) paths.push_back(p);
    for (BuiltObject& o : objects) {
      const std::string kind = o.kind();
      for (const auto& [want_kind, path] : paths) {
        if (!want_kind.empty() && want_kind != kind) continue;
        substituteAt(o.body, path, substitute);
      }
    }
  }

  template <typename F>
  static void substituteAt(Value& node, std::string_view path, F& substitute) {
    if (node.isArray()) {
      for (Value& item : node.items()) substituteAt(item, path, substitute);
      return;
    }
    if (path.empty()) {
      if (node.isObject()) {
        for (Member& m : node.members()) substitute(m.value);
      } else {
        substitute(node);
      }
      return;
    }
    if (!node.isObject()) return;
    std::size_t slash = path.find('/');
    std::string_view key = path.substr(0, slash);
    std::string_view rest = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (Value* child = node.find(key)) substituteAt(*child, rest, substitute);
  }

  SourceCache& cache_;
  BuildResult& out_;
  std::vector<fs::path> stack_;
  std::vector<Var> vars_;
  std::vector<std::pair<std::string, std::string>> var_paths_;
};

}  // namespace

BuildResult build(const fs::path& dir, SourceCache& cache) {
  BuildResult out;
  Builder builder(cache, out);
  builder.buildRoot(dir);
  return out;
}

std::vector<fs::path> referencedKustomizations(const fs::path& dir, SourceCache& cache) {
  std::vector<fs::path> out;
  fs::path file = kustomizationFileIn(dir);
  if (file.empty()) return out;
  std::vector<Diagnostic> ignored;
  SourceFilePtr source = cache.load(file, ignored);
  if (!source) return out;
  YamlReadResult yaml = readYaml(*source, cache.limits());
  if (yaml.documents.empty()) return out;
  const Value& k = yaml.documents.front().root;
  for (std::string_view field : {"resources", "bases", "components"}) {
    const Value* list = k.find(field);
    if (!list || !list->isArray()) continue;
    for (const Value& entry : list->items()) {
      if (!entry.isString() || isRemote(entry.asString())) continue;
      std::error_code ec;
      fs::path path = fs::weakly_canonical(dir / entry.asString(), ec);
      if (!ec && fs::is_directory(path, ec) && !kustomizationFileIn(path).empty()) out.push_back(path);
    }
  }
  return out;
}

}  // namespace palisade::kustomize
