#include "parsers/helm/chart_renderer.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "parsers/helm/chart_objects.h"
#include "parsers/helm/user_values.h"
#include "parsers/helm/helm_function_names.h"
#include "parsers/helm/helm_functions.h"
#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"

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

Value releaseObject(const ChartOptions& options) {
  Value::Object m;
  m.push_back(Member{"Name", Span{}, Value::string(options.release_name)});
  m.push_back(Member{"Namespace", Span{}, Value::string(options.release_namespace)});
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
// scalar printed from values.yaml keeps that line as its origin.
void relocate(Value& v, const RenderedText& output, uint32_t base) {
  const OutputPiece* piece = output.pieceAt(v.span().begin + base);
  Span moved = templateSpanOf(v.span(), output, base);
  if (piece != nullptr && piece->unknown && v.isScalar()) {
    // The text there is a placeholder for what helm template would compute at random.
    Value unknown = Value::unknown("a value Helm generates at random (a certificate, a password) is not known", moved);
    v = std::move(unknown);
    return;
  }
  v.setSpan(moved);
  if (piece != nullptr && piece->value.valid() && v.isScalar()) v.setOrigin(piece->value);
  if (v.isArray()) {
    for (Value& item : v.items()) relocate(item, output, base);
  } else if (v.isObject()) {
    for (Member& m : v.members()) {
      m.key_span = templateSpanOf(m.key_span, output, base);
      relocate(m.value, output, base);
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

// Dependencies of Chart.yaml with no folder or archive of their name in charts/:
// palisade does not download charts, so what they render is not checked.
void reportMissingDependencies(const Value& chart_yaml, const fs::path& dir, const SourceFile& file, ChartRender& out) {
  const Value* dependencies = chart_yaml.find("dependencies");
  if (dependencies == nullptr || !dependencies->isArray()) return;
  for (const Value& dependency : dependencies->items()) {
    const Value* name = dependency.find("name");
    if (name == nullptr || !name->isString()) continue;
    std::error_code ec;
    bool vendored = fs::is_directory(dir / "charts" / name->asString(), ec);
    for (auto it = fs::directory_iterator(dir / "charts", ec); !vendored && !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::string entry = it->path().filename().string();
      vendored = entry.starts_with(name->asString() + "-") && entry.ends_with(".tgz");
    }
    if (vendored) continue;
    const Value* repository = dependency.find("repository");
    out.diagnostics.push_back(Diagnostic{
        GenCode::HelmDependencyMissing,
        "dependency '" + name->asString() + "' is not in charts/" +
            (repository != nullptr && repository->isString() ? " (from " + repository->asString() + ")" : std::string()) +
            ": what it renders was not checked",
        name->span().valid() ? name->span() : file.pointAt(0), file.path(), name->asString()});
  }
}

bool renderedName(const std::string& relative) {
  std::string base = fs::path(relative).filename().string();
  return !base.starts_with("_") && base != "NOTES.txt";
}

}  // namespace

bool isChartDirectory(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "Chart.yaml", ec);
}

ChartRender renderChart(const fs::path& dir, const std::string& display_dir, const ChartOptions& options) {
  ChartRender out;
  SourceFilePtr chart_file = readChartFile(dir / "Chart.yaml", joinDisplay(display_dir, "Chart.yaml"));
  if (!chart_file) {
    out.diagnostics.push_back(Diagnostic{GenCode::HelmChartNotRendered, "Chart.yaml cannot be read", Span{}, joinDisplay(display_dir, "Chart.yaml")});
    return out;
  }
  out.files.push_back(chart_file);
  Value chart_yaml = readYamlObject(chart_file, out);
  if (!chartMetadataUsable(chart_yaml, *chart_file, out)) return out;
  reportMissingDependencies(chart_yaml, dir, *chart_file, out);
  const Value* name = chart_yaml.find("name");
  out.chart_name = name != nullptr && name->isString() ? name->asString() : dir.filename().string();

  SourceFilePtr values_file = readChartFile(dir / "values.yaml", joinDisplay(display_dir, "values.yaml"));
  if (values_file) out.files.push_back(values_file);
  Value values = readYamlObject(values_file, out);
  numbersAsFloats(values);
  std::optional<Value> user = userValues(options, out);
  if (!user) return out;
  mergeValuesOver(values, *user, true);

  // Every file under templates/, in path order: Helm parses them all into one set.
  std::vector<std::string> relative;
  std::error_code ec;
  if (fs::is_directory(dir / "templates", ec)) {
    for (auto it = fs::recursive_directory_iterator(dir / "templates", ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) relative.push_back(fs::relative(it->path(), dir, ec).generic_string());
    }
  }
  std::sort(relative.begin(), relative.end());

  TemplateSet set(helmFunctionTable());
  std::vector<std::pair<std::string, SourceFilePtr>> to_render;
  for (const std::string& rel : relative) {
    SourceFilePtr file = readChartFile(dir / rel, joinDisplay(display_dir, rel));
    if (!file) continue;
    out.files.push_back(file);
    std::string template_name = out.chart_name + "/" + rel;
    if (auto error = set.add(file, template_name)) {
      out.diagnostics.push_back(Diagnostic{templateFailureCode(error->message), "Helm template does not parse: " + error->message, error->span, file->path()});
      continue;
    }
    if (renderedName(rel)) to_render.emplace_back(template_name, file);
  }

  Value::Object root;
  root.push_back(Member{"Values", Span{}, values});
  root.push_back(Member{"Release", Span{}, releaseObject(options)});
  root.push_back(Member{"Chart", Span{}, chartObject(chart_yaml)});
  root.push_back(Member{"Capabilities", Span{}, capabilitiesObject(options)});
  root.push_back(Member{"Files", Span{}, Value::object()});
  root.push_back(Member{"Template", Span{}, Value::object()});
  Value data = Value::object(std::move(root));

  ExecOptions exec;
  exec.missing_key = ExecOptions::MissingKey::Zero;  // Helm's setting without --strict
  exec.no_value = "";                                 // Helm removes "<no value>"
  exec.methods = chartMethods(dir);
  for (auto& [template_name, file] : to_render) {
    Value::Object tmpl;
    tmpl.push_back(Member{"Name", Span{}, Value::string(template_name)});
    tmpl.push_back(Member{"BasePath", Span{}, Value::string(out.chart_name + "/templates")});
    *data.find("Template") = Value::object(std::move(tmpl));
    ExecResult r = executeTemplate(set, template_name, data, exec);
    if (r.error) {
      Span at = r.error->span;
      out.diagnostics.push_back(Diagnostic{templateFailureCode(r.error->message), "Helm template cannot be rendered: " + r.error->message, at,
                                           at.file != nullptr ? at.file->path() : file->path()});
      continue;
    }
    RenderedChartTemplate rendered{template_name, file, std::move(r.output)};
    std::vector<YamlDocument> documents;
    for (auto [begin, end] : helmManifestRanges(rendered.output.text)) {
      auto text_file = std::make_shared<const SourceFile>(file->path() + " (rendered)", rendered.output.text.substr(begin, end - begin));
      YamlReadResult yaml = readYaml(*text_file, ReadLimits{});
      for (Diagnostic& d : yaml.diagnostics) {
        // A YAML error in rendered output is reported at the template line that wrote it.
        Span at = templateSpanOf(d.span, rendered.output, begin);
        GenCode code = d.code == GenCode::ParseError ? GenCode::HelmRenderedYamlInvalid : d.code;
        out.diagnostics.push_back(Diagnostic{code, "rendered template is not valid YAML: " + d.message, at.valid() ? at : file->pointAt(0), file->path()});
      }
      for (YamlDocument& doc : yaml.documents) {
        if (doc.root.isNull()) continue;
        relocate(doc.root, rendered.output, begin);
        documents.push_back(std::move(doc));
      }
    }
    for (Resource& r2 : classifyKubernetesDocuments(std::move(documents))) out.resources.push_back(std::move(r2));
    out.templates.push_back(std::move(rendered));
  }
  return out;
}

}  // namespace palisade::helm
