#include "parsers/helm/chart_objects.h"

#include <fstream>
#include <sstream>

#include "parsers/helm/helm_functions.h"
#include "parsers/kustomize/generators.h"
#include "parsers/yaml/yaml_writer.h"

namespace palisade::helm {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxChartFileBytes = std::size_t{1} << 20;

std::optional<std::string> readChartText(const fs::path& dir, const std::string& relative) {
  if (relative.empty() || relative.find("..") != std::string::npos || relative[0] == '/') return std::nullopt;
  std::error_code ec;
  fs::path file = dir / relative;
  if (!fs::is_regular_file(file, ec) || fs::file_size(file, ec) > kMaxChartFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The chart's files as .Files holds them: not templates/, charts/ or the chart's own metadata.
std::vector<std::string> chartFileList(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    if (rel.starts_with("templates/") || rel.starts_with("charts/") || rel == "Chart.yaml" || rel == "values.yaml" ||
        rel == "values.schema.json" || rel == "Chart.lock" || rel == ".helmignore") {
      continue;
    }
    out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string baseName(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool globAt(std::string_view p, std::string_view s) {
  if (p.empty()) return s.empty();
  if (p[0] == '{') {
    std::size_t close = p.find('}');
    if (close != std::string_view::npos) {
      std::string_view alternatives = p.substr(1, close - 1);
      std::string_view rest = p.substr(close + 1);
      std::size_t start = 0;
      while (true) {
        std::size_t comma = alternatives.find(',', start);
        std::string candidate = std::string(alternatives.substr(start, comma - start)) + std::string(rest);
        if (globAt(candidate, s)) return true;
        if (comma == std::string_view::npos) return false;
        start = comma + 1;
      }
    }
  }
  if (p.starts_with("**")) {
    for (std::size_t i = 0; i <= s.size(); ++i) {
      if (globAt(p.substr(2), s.substr(i))) return true;
    }
    return false;
  }
  if (p[0] == '*') {
    for (std::size_t i = 0; i <= s.size(); ++i) {
      if (globAt(p.substr(1), s.substr(i))) return true;
      if (i < s.size() && s[i] == '/') break;
    }
    return false;
  }
  if (s.empty()) return false;
  if (p[0] == '?') return s[0] != '/' && globAt(p.substr(1), s.substr(1));
  return p[0] == s[0] && globAt(p.substr(1), s.substr(1));
}

}  // namespace

bool helmGlobMatch(std::string_view pattern, std::string_view path) { return globAt(pattern, path); }

Value defaultApiVersions() {
  // As `helm template` (v4.1.4) lists them: group/versions only, so Has "apps/v1/Deployment" is false.
  static const char* kVersions[] = {
      "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
      "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1", "apps/v1beta1",
      "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1",
      "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1", "autoscaling/v1", "autoscaling/v2",
      "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1", "batch/v1beta1", "certificates.k8s.io/v1",
      "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2",
      "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1",
      "events.k8s.io/v1", "events.k8s.io/v1beta1", "extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1",
      "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
      "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1beta1", "node.k8s.io/v1",
      "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1",
      "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1",
      "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha1",
      "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1",
      "storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1beta1", "apiextensions.k8s.io/v1beta1",
      "apiextensions.k8s.io/v1"};
  Value::Array out;
  for (const char* v : kVersions) out.push_back(Value::string(v));
  return Value::array(std::move(out));
}

TemplateMethods chartMethods(fs::path chart_dir) {
  return [dir = std::move(chart_dir)](const TemplateCall& call, const Value& receiver, std::string_view method,
                                      std::vector<Value>& args) -> std::optional<Value> {
    auto oneString = [&]() -> std::string {
      if (args.size() != 1) call.fail("wrong number of args: want 1 got " + std::to_string(args.size()));
      return sprigString(args[0]);
    };
    if (method == "Has" && receiver.isArray()) {
      // APIVersions.Has: membership, as Helm's VersionSet.Has.
      std::string wanted = oneString();
      for (const Value& v : receiver.items()) {
        if (v.isString() && v.asString() == wanted) return Value::boolean(true);
      }
      return Value::boolean(false);
    }
    if (!receiver.isObject()) return std::nullopt;
    if (method == "Get") {
      std::string name = oneString();
      if (const Value* held = receiver.find(name)) return *held;
      return Value::string(readChartText(dir, name).value_or(""));
    }
    if (method == "Lines") {
      std::string text = readChartText(dir, oneString()).value_or("");
      Value::Array lines;
      if (!text.empty()) {
        if (text.back() == '\n') text.pop_back();
        std::size_t pos = 0;
        for (std::size_t nl; (nl = text.find('\n', pos)) != std::string::npos; pos = nl + 1) lines.push_back(Value::string(text.substr(pos, nl - pos)));
        lines.push_back(Value::string(text.substr(pos)));
      }
      return Value::array(std::move(lines));
    }
    if (method == "Glob") {
      std::string pattern = oneString();
      Value out = Value::object();
      for (const std::string& rel : chartFileList(dir)) {
        if (!helmGlobMatch(pattern, rel)) continue;
        out.members().push_back(Member{rel, Span{}, Value::string(readChartText(dir, rel).value_or(""))});
      }
      return out;
    }
    if (method == "AsConfig" || method == "AsSecrets") {
      if (receiver.members().empty()) return Value::string("");
      Value map = Value::object();
      for (const Member& m : receiver.members()) {
        std::string content = sprigString(m.value);
        map.members().push_back(Member{baseName(m.key), Span{}, Value::string(method == "AsSecrets" ? kustomize::base64(content) : content)});
      }
      std::sort(map.members().begin(), map.members().end(), [](const Member& a, const Member& b) { return a.key < b.key; });
      std::string text = writeYaml(map, {}, YamlQuoting::GoYamlV2);
      while (!text.empty() && text.back() == '\n') text.pop_back();
      return Value::string(text);
    }
    return std::nullopt;
  };
}

}  // namespace palisade::helm
