#include "parsers/helm/chart_renderer.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "parsers/helm/chart_objects.h"
#include "parsers/helm/chart_values.h"
#include "parsers/helm/helm_function_names.h"
#include "parsers/helm/user_values.h"
#include "parsers/helm/helm_functions.h"
#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"
#include "parsers/yaml/yaml_writer.h"

namespace palisade::helm {

namespace fs = std::filesystem;

namespace {

SourceFilePtr readChartFile(const fs::path& path, const std::string& display) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream text;
  text << in.rdbuf();
  return std::make_shared<const SourceFile>(display, text.str());
}

std::string joinDisplay(const std::string& dir, const std::string& rest) { return dir.empty() ? rest : dir + "/" + rest; }

// The first document of a YAML file as a Value (an empty object when absent or empty).
Value readYamlObject(const SourceFilePtr& file, ChartRender& out) {
  if (!file) return Value::object();
  YamlReadResult yaml = readYaml(*file, ReadLimits{});
  for (Diagnostic& d : yaml.diagnostics) out.diagnostics.push_back(std::move(d));
  if (yaml.documents.empty() || !yaml.documents.front().root.isObject()) return Value::object();
  return std::move(yaml.documents.front().root);
}

// Whether the scalar at `span` is written plain (not quoted, not a block).
bool plainInSource(const Span& span) {
  if (span.file == nullptr || span.begin >= span.file->text().size()) return false;
  char c = span.file->text()[span.begin];
  return c != '\'' && c != '"' && c != '|' && c != '>';
}

// palisade's YAML reader keeps `y`, `n` and `1_000` strings (YAML 1.2 does);
// Helm's values reader (sigs.k8s.io/yaml over go-yaml v2) takes plain y/Y/n/N
// for booleans, keys included (`n:` is the key "false"), and drops '_'
// between digits. Checked against `helm template` v4.1.4.
void helmYaml11Scalars(Value& v) {
  if (v.isString() && plainInSource(v.span())) {
    const std::string& s = v.asString();
    if (s == "y" || s == "Y" || s == "n" || s == "N") {
      Value b = Value::boolean(s == "y" || s == "Y", v.span());
      v = std::move(b);
    } else if (s.find('_') != std::string::npos && goYamlResolvesAsNonString(s)) {
      std::string digits;
      for (char c : s) {
        if (c != '_') digits += c;
      }
      auto file = std::make_shared<const SourceFile>("values", digits);
      YamlReadResult number = readYaml(*file, ReadLimits{});
      if (!number.documents.empty() && number.documents.front().root.isNumber()) {
        Value n = number.documents.front().root;
        n.setSpan(v.span());
        v = std::move(n);
      }
    }
  } else if (v.isArray()) {
    for (Value& item : v.items()) helmYaml11Scalars(item);
  } else if (v.isObject()) {
    for (Member& m : v.members()) {
      if ((m.key == "y" || m.key == "Y" || m.key == "n" || m.key == "N") && plainInSource(m.key_span)) {
        m.key = m.key == "y" || m.key == "Y" ? "true" : "false";
      }
      helmYaml11Scalars(m.value);
    }
  }
}

// Helm reads values through JSON: every number is a float64 (so 1000000
// prints as 1e+06 and `eq .Values.replicas 1` is an error, as in Helm).
void numbersAsFloats(Value& v) {
  if (v.isInt()) {
    Value converted = Value::number(static_cast<double>(v.asInt()), v.span());
    v = std::move(converted);
  } else if (v.isArray()) {
    for (Value& item : v.items()) numbersAsFloats(item);
  } else if (v.isObject()) {
    for (Member& m : v.members()) numbersAsFloats(m.value);
  }
}

// Chart.yaml's keys as Helm's Chart metadata exposes them (.Chart.Name, .Chart.AppVersion).
Value chartObject(const Value& chart_yaml) {
  Value::Object members;
  for (const Member& m : chart_yaml.members()) {
    std::string key = m.key;
    if (key == "apiVersion") {
      key = "APIVersion";
    } else if (!key.empty() && key[0] >= 'a' && key[0] <= 'z') {
      key[0] = static_cast<char>(key[0] - 'a' + 'A');
    }
    members.push_back(Member{key, m.key_span, m.value});
  }
  return Value::object(std::move(members));
}

// `namespace_source`: the namespace's text when nobody chose it, so what is printed from it can be told.
Value releaseObject(const ChartOptions& options, const SourceFile* namespace_source) {
  Value::Object m;
  m.push_back(Member{"Name", Span{}, Value::string(options.release_name)});
  Span namespace_span;
  if (namespace_source != nullptr) {
    namespace_span = namespace_source->pointAt(0);
    namespace_span.end = static_cast<uint32_t>(namespace_source->text().size());
  }
  m.push_back(Member{"Namespace", Span{}, Value::string(options.release_namespace, namespace_span)});
  m.push_back(Member{"IsInstall", Span{}, Value::boolean(true)});
  m.push_back(Member{"IsUpgrade", Span{}, Value::boolean(false)});
  m.push_back(Member{"Revision", Span{}, Value::integer(1)});
  m.push_back(Member{"Service", Span{}, Value::string("Helm")});
  return Value::object(std::move(m));
}

Value capabilitiesObject(const ChartOptions& options) {
  std::string version = options.kube_version;
  std::string bare = version.starts_with("v") ? version.substr(1) : version;
  std::string major = bare.substr(0, bare.find('.'));
  std::string rest = bare.find('.') == std::string::npos ? "" : bare.substr(bare.find('.') + 1);
  std::string minor = rest.substr(0, rest.find('.'));
  Value::Object kube;
  kube.push_back(Member{"Version", Span{}, Value::string(version)});
  kube.push_back(Member{"GitVersion", Span{}, Value::string(version)});
  kube.push_back(Member{"Major", Span{}, Value::string(major)});
  kube.push_back(Member{"Minor", Span{}, Value::string(minor)});
  Value::Object caps;
  caps.push_back(Member{"KubeVersion", Span{}, Value::object(std::move(kube))});
  Value api_versions = defaultApiVersions();
  for (const std::string& v : options.api_versions) api_versions.items().push_back(Value::string(v));
  caps.push_back(Member{"APIVersions", Span{}, std::move(api_versions)});
  return Value::object(std::move(caps));
}

// A span of the rendered text moved to the template that wrote its first byte.
Span templateSpanOf(Span rendered, const RenderedText& output, uint32_t base) {
  rendered.begin += base;
  rendered.end += base;
  const OutputPiece* piece = output.pieceAt(rendered.begin);
  if (piece == nullptr || piece->source.file == nullptr) return Span{};
  Span s = piece->source;
  if (piece->verbatim) {
    uint32_t begin = piece->source.begin + (rendered.begin - piece->begin);
    uint32_t end = begin + std::min(rendered.end, piece->end) - rendered.begin;
    s = piece->source.file->pointAt(begin);
    s.end = end;
    auto [line, column] = piece->source.file->lineColumnOf(end);
    s.stop = {line, column};
  }
  return s;
}

// Every span of a value read from rendered text, moved to its template; a
// scalar printed from values.yaml keeps that line as its origin (one printed
// from the unchosen release namespace has none: that text is no file).
void relocate(Value& v, const RenderedText& output, uint32_t base, const SourceFile* namespace_source) {
  const OutputPiece* piece = output.pieceAt(v.span().begin + base);
  Span moved = templateSpanOf(v.span(), output, base);
  bool printed_unknown = false;  // any byte of the scalar printed from an Unknown
  if (piece != nullptr && v.isScalar()) {
    for (const OutputPiece* p = piece; p != output.pieces.data() + output.pieces.size() && p->begin < v.span().end + base; ++p) {
      printed_unknown = printed_unknown || p->unknown;
    }
  }
  if (printed_unknown) {
    // The text there is a placeholder for what helm template would compute at random.
    Value unknown = Value::unknown("a value Helm generates at random (a certificate, a password) is not known", moved);
    v = std::move(unknown);
    return;
  }
  v.setSpan(moved);
  if (piece != nullptr && piece->value.valid() && piece->value.file != namespace_source && v.isScalar()) v.setOrigin(piece->value);
  if (v.isArray()) {
    for (Value& item : v.items()) relocate(item, output, base, namespace_source);
  } else if (v.isObject()) {
    for (Member& m : v.members()) {
      m.key_span = templateSpanOf(m.key_span, output, base);
      relocate(m.value, output, base, namespace_source);
    }
  }
}

// `metadata.namespace: {{ .Release.Namespace }}` with no namespace chosen:
// `helm template` prints "default", but `helm install -n` decides. The object
// is read as one without a namespace, which is what it is until deployed.
// (Spans are still those of the rendered text: called before relocate.)
void dropUnchosenNamespace(Value& root, const RenderedText& output, uint32_t base, const SourceFile* namespace_source) {
  Value* metadata = root.isObject() ? root.find("metadata") : nullptr;
  if (metadata == nullptr || !metadata->isObject()) return;
  const Value* ns = metadata->find("namespace");
  if (ns == nullptr || !ns->isString() || ns->asString() != namespace_source->text()) return;
  for (const OutputPiece* p = output.pieceAt(ns->span().begin + base);
       p != nullptr && p != output.pieces.data() + output.pieces.size() && p->begin < ns->span().end + base; ++p) {
    if (p->value.file == namespace_source) {
      std::erase_if(metadata->members(), [](const Member& m) { return m.key == "namespace"; });
      return;
    }
  }
}

// Helm splits rendered text into manifests at `(?:^|\s*\n)---\s*`
// (releaseutil.SplitManifests): a `---` at the start of a line ends a
// manifest even when text follows it on that line ("---# comment"), where
// YAML would not. The byte ranges of the manifests, whitespace-only ones left out.
std::vector<std::pair<uint32_t, uint32_t>> helmManifestRanges(const std::string& text) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  std::size_t start = 0;
  auto add = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      if (!isSpace(text[i])) {
        out.emplace_back(static_cast<uint32_t>(from), static_cast<uint32_t>(to));
        return;
      }
    }
  };
  for (std::size_t p = text.find("---"); p != std::string::npos; p = text.find("---", p + 3)) {
    if (p != 0 && text[p - 1] != '\n') continue;
    std::size_t sep_begin = p;
    if (p != 0) {
      sep_begin = p - 1;  // the newline
      while (sep_begin > start && isSpace(text[sep_begin - 1])) --sep_begin;
    }
    std::size_t sep_end = p + 3;
    while (sep_end < text.size() && isSpace(text[sep_end])) ++sep_end;
    if (sep_begin >= start) add(start, sep_begin);
    start = sep_end;
  }
  add(start, text.size());
  return out;
}

// The user's values of `options`: its values files merged in order (numbers
// become floats, as Helm reads files), then its --set expressions (integers
// stay integers, as Helm types them). nullopt when one cannot be used:
// nothing of the chart is rendered then, as `helm template` renders nothing.
std::optional<Value> userValues(const ChartOptions& options, ChartRender& out) {
  Value values = Value::object();
  bool usable = true;
  for (const ValuesFile& given : options.values_files) {
    SourceFilePtr file = readChartFile(given.path, given.display);
    if (!file) {
      out.diagnostics.push_back(Diagnostic{GenCode::HelmChartNotRendered, "values file " + given.display + " cannot be read", Span{}, given.display});
      usable = false;
      continue;
    }
    out.files.push_back(file);
    YamlReadResult yaml = readYaml(*file, ReadLimits{});
    bool parsed = yaml.diagnostics.empty();
    for (Diagnostic& d : yaml.diagnostics) out.diagnostics.push_back(std::move(d));
    if (yaml.documents.empty() || yaml.documents.front().root.isNull()) continue;
    const Value& given_values = yaml.documents.front().root;
    if (!given_values.isObject() || !parsed) {
      out.diagnostics.push_back(Diagnostic{GenCode::HelmChartNotRendered, "values file " + given.display + " is not a mapping of values",
                                           given_values.span().valid() ? given_values.span() : file->pointAt(0), given.display});
      usable = false;
      continue;
    }
    mergeValuesOver(values, given_values, false);
  }
  numbersAsFloats(values);
  for (const std::string& expression : options.set_values) {
    if (auto error = applySetExpression(values, expression)) {
      out.diagnostics.push_back(Diagnostic{GenCode::HelmChartNotRendered, "--helm-set '" + expression + "': " + *error, Span{}, ""});
      usable = false;
    }
  }
  if (!usable) return std::nullopt;
  return values;
}

// Go's text/template error for a name that is no function: `function "x" not defined`.
std::string undefinedFunctionIn(const std::string& message) {
  const std::string prefix = "function \"";
  const std::string suffix = "\" not defined";
  std::size_t at = message.find(prefix);
  if (at == std::string::npos) return {};
  std::size_t end = message.find(suffix, at + prefix.size());
  return end == std::string::npos ? std::string() : message.substr(at + prefix.size(), end - at - prefix.size());
}

// A template that does not parse or stops: GEN044 when it calls a function
// Helm has and palisade does not, else GEN041 (helm template fails there too).
GenCode templateFailureCode(const std::string& message) {
  std::string function = undefinedFunctionIn(message);
  return !function.empty() && isHelmFunctionName(function) ? GenCode::HelmUnsupported : GenCode::HelmTemplateFailed;
}

// Helm refuses a chart whose Chart.yaml has no name (or is no mapping): nothing renders.
bool chartMetadataUsable(const Value& chart_yaml, const SourceFile& file, ChartRender& out) {
  const Value* name = chart_yaml.find("name");
  if (name != nullptr && name->isString() && !name->asString().empty()) return true;
  out.diagnostics.push_back(Diagnostic{GenCode::HelmChartNotRendered,
                                       "Chart.yaml has no 'name': Helm refuses the chart, and nothing of it was rendered",
                                       name != nullptr ? name->span() : file.pointAt(0), file.path()});
  return false;
}

bool renderedName(const std::string& relative) {
  std::string base = fs::path(relative).filename().string();
  return !base.starts_with("_") && base != "NOTES.txt";
}

constexpr int kMaxChartNesting = 8;  // charts/ inside charts/ ...

const std::string* stringMember(const Value& v, std::string_view key) {
  const Value* m = v.isObject() ? v.find(key) : nullptr;
  return m != nullptr && m->isString() ? &m->asString() : nullptr;
}

// Reads the chart in `dir` and, recursively, the charts in its charts/ folder.
std::shared_ptr<ChartNode> loadChartTree(const fs::path& dir, const std::string& display_dir, int depth, ChartRender& out) {
  SourceFilePtr chart_file = readChartFile(dir / "Chart.yaml", joinDisplay(display_dir, "Chart.yaml"));
  if (!chart_file) return nullptr;
  out.files.push_back(chart_file);
  auto node = std::make_shared<ChartNode>();
  node->dir = dir;
  node->display_dir = display_dir;
  node->metadata = readYamlObject(chart_file, out);
  const std::string* name = stringMember(node->metadata, "name");
  node->name = name != nullptr ? *name : dir.filename().string();
  const std::string* type = stringMember(node->metadata, "type");
  node->library = type != nullptr && *type == "library";
  SourceFilePtr values_file = readChartFile(dir / "values.yaml", joinDisplay(display_dir, "values.yaml"));
  if (values_file) out.files.push_back(values_file);
  node->values = readYamlObject(values_file, out);
  helmYaml11Scalars(node->values);
  numbersAsFloats(node->values);

  std::error_code ec;
  if (fs::is_directory(dir / "templates", ec)) {
    for (auto it = fs::recursive_directory_iterator(dir / "templates", ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) node->template_files.push_back(fs::relative(it->path(), dir, ec).generic_string());
    }
  }
  std::sort(node->template_files.begin(), node->template_files.end());

  if (depth < kMaxChartNesting && fs::is_directory(dir / "charts", ec)) {
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(dir / "charts", ec)) entries.push_back(entry.path());
    std::sort(entries.begin(), entries.end());
    for (const fs::path& entry : entries) {
      std::string file_name = entry.filename().string();
      if (file_name.ends_with(".tgz") || file_name.ends_with(".tar.gz")) {
        // Not read yet: said, not skipped in silence.
        out.diagnostics.push_back(Diagnostic{GenCode::HelmUnsupported,
                                             "Helm subchart packed as " + file_name + " is not read (unpack it into charts/ to have it rendered)",
                                             Span{}, joinDisplay(display_dir, "charts/" + file_name), file_name});
        continue;
      }
      if (!isChartDirectory(entry)) continue;
      auto sub = loadChartTree(entry, joinDisplay(display_dir, "charts/" + entry.filename().string()), depth + 1, out);
      if (sub) node->subcharts.push_back(std::move(sub));
    }
  }
  return node;
}

// Chart.yaml's `dependencies:` (apiVersion v2) or requirements.yaml's (v1).
Value chartDependencies(const ChartNode& chart, ChartRender& out) {
  if (const Value* deps = chart.metadata.find("dependencies"); deps != nullptr && deps->isArray()) return *deps;
  std::error_code ec;
  if (!fs::is_regular_file(chart.dir / "requirements.yaml", ec)) return Value::array();
  SourceFilePtr file = readChartFile(chart.dir / "requirements.yaml", joinDisplay(chart.display_dir, "requirements.yaml"));
  if (!file) return Value::array();
  out.files.push_back(file);
  Value requirements = readYamlObject(file, out);
  const Value* deps = requirements.find("dependencies");
  return deps != nullptr && deps->isArray() ? *deps : Value::array();
}

struct Dependency {
  Value entry;                       // the dependency as Chart.yaml lists it
  std::string name;                  // its alias where it has one
  std::shared_ptr<ChartNode> chart;  // the vendored chart (nullptr: not vendored)
};

// Whether charts/ holds `name` packed (name-1.2.3.tgz, as `helm dependency build` writes it).
bool packedSubchart(const fs::path& dir, const std::string& name) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir / "charts", ec)) {
    std::string file_name = entry.path().filename().string();
    if (file_name.starts_with(name + "-") && (file_name.ends_with(".tgz") || file_name.ends_with(".tar.gz"))) return true;
  }
  return false;
}

// Helm's processDependencyEnabled, first half: the subcharts a chart has once
// its dependencies are matched to charts/ (one copy per alias; charts no
// dependency names stay). A dependency with nothing in charts/ is a note.
std::vector<Dependency> matchDependencies(ChartNode& chart, ChartRender& out) {
  std::vector<Dependency> deps;
  Value listed = chartDependencies(chart, out);
  std::vector<bool> claimed(chart.subcharts.size(), false);
  for (const Value& entry : listed.items()) {
    const std::string* name = stringMember(entry, "name");
    if (name == nullptr) continue;
    for (std::size_t i = 0; i < chart.subcharts.size(); ++i) {
      if (chart.subcharts[i]->name == *name) claimed[i] = true;
    }
  }
  std::vector<std::shared_ptr<ChartNode>> kept;
  for (std::size_t i = 0; i < chart.subcharts.size(); ++i) {
    if (!claimed[i]) kept.push_back(chart.subcharts[i]);
  }
  for (const Value& entry : listed.items()) {
    const std::string* name = stringMember(entry, "name");
    if (name == nullptr) continue;
    std::shared_ptr<ChartNode> found;
    for (const auto& sub : chart.subcharts) {
      if (sub->name == *name) found = sub;
    }
    const std::string* alias = stringMember(entry, "alias");
    Dependency dep{entry, alias != nullptr && !alias->empty() ? *alias : *name, nullptr};
    if (found == nullptr && packedSubchart(chart.dir, *name)) {
      deps.push_back(std::move(dep));  // noted as a packed subchart already
      continue;
    }
    if (found == nullptr) {
      const Value* at = entry.find("name");
      std::string path = joinDisplay(chart.display_dir, fs::exists(chart.dir / "requirements.yaml") && !chart.metadata.find("dependencies") ? "requirements.yaml" : "Chart.yaml");
      Diagnostic d{GenCode::HelmDependencyMissing,
                   "Helm dependency '" + *name + "' is not vendored in charts/: its templates are not rendered (run `helm dependency build`)",
                   at->span(), path, *name};
      out.diagnostics.push_back(std::move(d));
      deps.push_back(std::move(dep));
      continue;
    }
    if (dep.name != found->name) {
      auto copy = std::make_shared<ChartNode>(*found);
      copy->name = dep.name;
      found = std::move(copy);
    }
    dep.chart = found;
    kept.push_back(found);
    deps.push_back(std::move(dep));
  }
  chart.subcharts = std::move(kept);
  return deps;
}

// Helm's processDependencyTags and processDependencyConditions: whether `dep`
// is rendered, given the coalesced values and the chart's path in them.
bool dependencyEnabled(const Dependency& dep, const Value& values, const std::string& path) {
  bool enabled = true;
  const Value* tags = dep.entry.find("tags");
  const Value* tag_values = values.find("tags");
  if (tags != nullptr && tags->isArray() && tag_values != nullptr && tag_values->isObject()) {
    bool has_true = false, has_false = false;
    for (const Value& tag : tags->items()) {
      const Value* v = tag.isString() ? tag_values->find(tag.asString()) : nullptr;
      if (v != nullptr && v->isBool()) (v->asBool() ? has_true : has_false) = true;
    }
    if (!has_true && has_false) enabled = false;
  }
  if (const std::string* condition = stringMember(dep.entry, "condition")) {
    std::string_view rest = *condition;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view one = rest.substr(0, comma);
      while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
      while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
      if (!one.empty()) {
        const Value* v = valueAtPath(values, path + std::string(one));
        if (v != nullptr && v->isBool()) return v->asBool();
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return enabled;
}

// A table at `dotted` in nested maps: Helm's pathToMap ("." or "" is the root).
Value underPath(const std::string& dotted, Value table) {
  if (dotted.empty() || dotted == ".") return table;
  std::vector<std::string> keys;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    std::string key = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!key.empty()) keys.push_back(key);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
    Value::Object members;
    members.push_back(Member{*it, Span{}, std::move(table)});
    table = Value::object(std::move(members));
  }
  return table;
}

// Helm's processImportValues for one chart: each dependency's `import-values`
// (`- name` for the child's `exports.name`, or `{child: a.b, parent: c}`)
// copied into the chart's values, below the chart's own.
void importValues(ChartNode& chart, const std::vector<Dependency>& deps) {
  Value imported = Value::object();
  bool any = false;
  for (const Dependency& dep : deps) {
    const Value* imports = dep.entry.find("import-values");
    if (dep.chart == nullptr || imports == nullptr || !imports->isArray()) continue;
    Value cvals = coalesceChartValues(chart, Value::object());
    for (const Value& item : imports->items()) {
      std::string child, parent;
      if (item.isString()) {
        child = "exports." + item.asString();
        parent = ".";
      } else if (item.isObject()) {
        child = stringMember(item, "child") != nullptr ? *stringMember(item, "child") : "";
        parent = stringMember(item, "parent") != nullptr ? *stringMember(item, "parent") : "";
      } else {
        continue;
      }
      const Value* table = valueAtPath(cvals, dep.name + "." + child);
      if (table == nullptr || !table->isObject()) continue;  // Helm warns and goes on
      coalesceTables(imported, underPath(parent, *table));
      any = true;
    }
  }
  if (!any) return;
  Value own = coalesceChartValues(chart, Value::object());
  coalesceTables(own, imported);
  chart.values = std::move(own);
}

// Dependencies resolved through the tree: aliases, then `condition`/`tags`
// against the coalesced values (disabled subcharts dropped), then
// `import-values` from the leaves up.
void resolveDependencies(ChartNode& top, ChartRender& out) {
  std::vector<std::pair<ChartNode*, std::vector<Dependency>>> matched;
  std::vector<ChartNode*> pending{&top};
  while (!pending.empty()) {
    ChartNode* chart = pending.back();
    pending.pop_back();
    matched.emplace_back(chart, matchDependencies(*chart, out));
    for (const auto& sub : chart->subcharts) pending.push_back(sub.get());
  }
  Value cvals = coalesceChartValues(top, Value::object());
  // Conditions from the top down: a disabled chart's own dependencies are never looked at.
  std::vector<std::pair<ChartNode*, std::string>> walk{{&top, ""}};
  while (!walk.empty()) {
    auto [chart, path] = walk.back();
    walk.pop_back();
    for (auto& [owner, deps] : matched) {
      if (owner != chart) continue;
      for (const Dependency& dep : deps) {
        if (dep.chart == nullptr || dependencyEnabled(dep, cvals, path)) continue;
        auto& subs = chart->subcharts;
        subs.erase(std::remove(subs.begin(), subs.end(), dep.chart), subs.end());
      }
    }
    for (const auto& sub : chart->subcharts) walk.emplace_back(sub.get(), path + sub->name + ".");
  }
  for (auto it = matched.rbegin(); it != matched.rend(); ++it) importValues(*it->first, it->second);
}

// Helm's template order (engine.sortTemplates): deeper paths first, and at
// one depth in reverse name order, so a parent's define replaces a subchart's.
bool helmParseOrder(const std::string& a, const std::string& b) {
  auto ca = std::count(a.begin(), a.end(), '/');
  auto cb = std::count(b.begin(), b.end(), '/');
  if (ca != cb) return ca > cb;
  return a > b;
}

struct ChartTemplate {
  std::string name;  // "<chart>/charts/<sub>/templates/x.yaml"
  SourceFilePtr file;
  const ChartNode* chart = nullptr;
  std::string prefix;       // "<chart>/charts/<sub>"
  std::string values_path;  // where the chart's values are in the top's ("sub.subsub")
};

void collectTemplates(const ChartNode& chart, const std::string& prefix, const std::string& values_path,
                      std::vector<ChartTemplate>& out, ChartRender& render) {
  for (const std::string& rel : chart.template_files) {
    SourceFilePtr file = readChartFile(chart.dir / rel, joinDisplay(chart.display_dir, rel));
    if (!file) continue;
    render.files.push_back(file);
    out.push_back(ChartTemplate{prefix + "/" + rel, file, &chart, prefix, values_path});
  }
  for (const auto& sub : chart.subcharts) {
    collectTemplates(*sub, prefix + "/charts/" + sub->name, values_path.empty() ? sub->name : values_path + "." + sub->name, out, render);
  }
}

}  // namespace

bool isChartDirectory(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "Chart.yaml", ec);
}

ChartRender renderChart(const fs::path& dir, const std::string& display_dir, const ChartOptions& options) {
  ChartRender out;
  std::shared_ptr<ChartNode> top = loadChartTree(dir, display_dir, 0, out);
  if (!top) {
    out.diagnostics.push_back(Diagnostic{GenCode::HelmChartNotRendered, "Chart.yaml cannot be read", Span{}, joinDisplay(display_dir, "Chart.yaml")});
    return out;
  }
  for (const SourceFilePtr& f : out.files) {
    if (f->path() == joinDisplay(display_dir, "Chart.yaml") && !chartMetadataUsable(top->metadata, *f, out)) return out;
  }
  out.chart_name = top->name;
  resolveDependencies(*top, out);
  std::optional<Value> user = userValues(options, out);
  if (!user) return out;
  Value values = coalesceChartValues(*top, std::move(*user));

  // Every file under every chart's templates/: Helm parses them all into one set.
  std::vector<ChartTemplate> templates;
  collectTemplates(*top, top->name, "", templates, out);
  std::vector<const ChartTemplate*> parse_order;
  for (const ChartTemplate& t : templates) parse_order.push_back(&t);
  std::sort(parse_order.begin(), parse_order.end(), [](const ChartTemplate* a, const ChartTemplate* b) { return helmParseOrder(a->name, b->name); });
  TemplateSet set(helmFunctionTable());
  std::vector<const ChartTemplate*> to_render;
  for (const ChartTemplate* t : parse_order) {
    if (auto error = set.add(t->file, t->name)) {
      out.diagnostics.push_back(Diagnostic{templateFailureCode(error->message), "Helm template does not parse: " + error->message, error->span, t->file->path()});
      continue;
    }
    if (!t->chart->library && renderedName(t->name)) to_render.push_back(t);
  }
  std::sort(to_render.begin(), to_render.end(), [](const ChartTemplate* a, const ChartTemplate* b) { return a->name < b->name; });

  if (!options.release_namespace_chosen) {
    out.release_namespace_source = std::make_shared<const SourceFile>("<release namespace>", options.release_namespace);
  }
  ExecOptions exec;
  exec.missing_key = ExecOptions::MissingKey::Zero;  // Helm's setting without --strict
  exec.no_value = "";                                 // Helm removes "<no value>"
  const ChartNode* data_chart = nullptr;
  Value data;
  for (const ChartTemplate* t : to_render) {
    if (t->chart != data_chart) {
      // The chart's own view: its scope of the values, its Chart.yaml, its files.
      data_chart = t->chart;
      const Value* scoped = t->values_path.empty() ? &values : valueAtPath(values, t->values_path);
      Value chart_meta = chartObject(t->chart->metadata);
      if (Value* name = chart_meta.find("Name")) *name = Value::string(t->chart->name, name->span());
      Value::Object root;
      root.push_back(Member{"Values", Span{}, scoped != nullptr ? *scoped : Value::object()});
      root.push_back(Member{"Release", Span{}, releaseObject(options, out.release_namespace_source.get())});
      root.push_back(Member{"Chart", Span{}, std::move(chart_meta)});
      root.push_back(Member{"Capabilities", Span{}, capabilitiesObject(options)});
      root.push_back(Member{"Files", Span{}, Value::object()});
      root.push_back(Member{"Template", Span{}, Value::object()});
      data = Value::object(std::move(root));
      exec.methods = chartMethods(t->chart->dir);
    }
    Value::Object tmpl;
    tmpl.push_back(Member{"Name", Span{}, Value::string(t->name)});
    tmpl.push_back(Member{"BasePath", Span{}, Value::string(t->prefix + "/templates")});
    *data.find("Template") = Value::object(std::move(tmpl));
    ExecResult r = executeTemplate(set, t->name, data, exec);
    const SourceFilePtr& file = t->file;
    if (r.error) {
      Span at = r.error->span;
      out.diagnostics.push_back(Diagnostic{templateFailureCode(r.error->message), "Helm template cannot be rendered: " + r.error->message, at,
                                           at.file != nullptr ? at.file->path() : file->path()});
      continue;
    }
    RenderedChartTemplate rendered{t->name, file, std::move(r.output)};
    std::vector<YamlDocument> documents;
    for (auto [begin, end] : helmManifestRanges(rendered.output.text)) {
      // Helm trims each manifest and writes it with a final newline (which a
      // block scalar at the very end keeps).
      std::string manifest = rendered.output.text.substr(begin, end - begin);
      while (!manifest.empty() && std::string_view(" \t\r\n\f\v").find(manifest.back()) != std::string_view::npos) manifest.pop_back();
      manifest.push_back('\n');
      auto text_file = std::make_shared<const SourceFile>(file->path() + " (rendered)", std::move(manifest));
      YamlReadResult yaml = readYaml(*text_file, ReadLimits{});
      for (Diagnostic& d : yaml.diagnostics) {
        // A YAML error in rendered output is reported at the template line that wrote it.
        Span at = templateSpanOf(d.span, rendered.output, begin);
        GenCode code = d.code == GenCode::ParseError ? GenCode::HelmRenderedYamlInvalid : d.code;
        out.diagnostics.push_back(Diagnostic{code, "rendered template is not valid YAML: " + d.message, at.valid() ? at : file->pointAt(0), file->path()});
      }
      for (YamlDocument& doc : yaml.documents) {
        if (doc.root.isNull()) continue;
        if (out.release_namespace_source) dropUnchosenNamespace(doc.root, rendered.output, begin, out.release_namespace_source.get());
        relocate(doc.root, rendered.output, begin, out.release_namespace_source.get());
        documents.push_back(std::move(doc));
      }
    }
    for (Resource& r2 : classifyKubernetesDocuments(std::move(documents))) out.resources.push_back(std::move(r2));
    out.templates.push_back(std::move(rendered));
  }
  return out;
}

}  // namespace palisade::helm
