// Fuzzes the Go text/template engine under Helm rendering: the input is a
// template, optionally followed by "\n---\n" and YAML data for it. Parsing
// must end in trees or a located error, and execution in output or a located
// error, within the limits (steps, output, nesting), never a crash or hang.
#include <cstdint>
#include <memory>
#include <string>

#include "parsers/helm/template_exec.h"
#include "parsers/yaml/yaml_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::string values;
  std::size_t split = input.find("\n---\n");
  if (split != std::string::npos) {
    values = input.substr(split + 5);
    input.resize(split);
  }
  palisade::Value dot = palisade::Value::object();
  auto values_file = std::make_shared<const palisade::SourceFile>("values.yaml", values);
  if (!values.empty()) {
    palisade::ReadLimits limits;
    limits.max_alias_expansion = 2000;
    palisade::YamlReadResult yaml = palisade::readYaml(*values_file, limits);
    if (!yaml.documents.empty()) dot = yaml.documents.front().root;
  }
  auto file = std::make_shared<const palisade::SourceFile>("fuzz.tpl", input);
  palisade::helm::TemplateSet set;
  if (set.add(file, "fuzz.tpl")) return 0;
  palisade::helm::ExecOptions options;
  options.limits.max_steps = 200000;
  options.limits.max_output = std::size_t{1} << 20;
  palisade::helm::ExecResult result = palisade::helm::executeTemplate(set, "fuzz.tpl", dot, options);
  // Every output byte has a piece.
  if (!result.output.text.empty()) result.output.sourcePositionAt(static_cast<uint32_t>(result.output.text.size() - 1));
  return 0;
}
