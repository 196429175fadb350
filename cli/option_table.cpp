#include "cli/option_table.h"

#include <fmt/format.h>

#include <algorithm>

namespace palisade {

namespace {

// Options shared by several commands, written once.
constexpr OptionSpec kFormat{"--format", "-f", "FORMAT",
                             "text (default), concise (one line per finding), sarif, json,\njunit, github, csv, html"};
constexpr OptionSpec kOutput{"--output", "-o", "FILE", "write the report to FILE (atomically) instead of stdout"};
constexpr OptionSpec kConfig{"--config", "", "FILE",
                             "use this configuration instead of the nearest .palisade.yaml\n(in or above each scanned path, "
                             "up to the repository top)"};
constexpr OptionSpec kRules{"--rules", "", "DIR", "add a rule pack (repeatable)"};
constexpr OptionSpec kSelect{"--select", "", "RULES",
                             "run only these rules: ids, names, tags or id prefixes,\ncomma-separated (K8S001, "
                             "privileged-container, cis-kubernetes, K8S0);\nreplaces the configuration's select"};
constexpr OptionSpec kExtendSelect{"--extend-select", "", "RULES",
                                   "add rules to the configuration's select (same forms as --select)"};
constexpr OptionSpec kIgnore{"--ignore", "", "RULES", "do not run these rules (same forms as --select; repeatable)"};
constexpr OptionSpec kExclude{"--exclude", "", "GLOB",
                              "do not read files or folders matching GLOB, relative to the\ncurrent folder; a glob "
                              "without '/' matches at any depth (repeatable)"};
constexpr OptionSpec kFailOn{"--fail-on", "", "SEVERITY",
                             "exit 1 on findings of this severity or above: critical, high,\nmedium (default), low or "
                             "info; none never fails (error, warning\nand note, the SARIF levels, still mean high, "
                             "medium and info)"};
constexpr OptionSpec kBaseline{"--baseline", "", "FILE", "report only findings not recorded in FILE"};
constexpr OptionSpec kDiffBase{"--diff-base", "", "REF",
                               "report only findings on lines changed since the merge base of\nREF and HEAD (git)"};
constexpr OptionSpec kContext{"--context", "", "DIR",
                              "read and check all of DIR, but report only the findings of the\nPATHs named (what "
                              "pre-commit runs: cross-file rules see the\nwhole project)"};
constexpr OptionSpec kJobs{"--jobs", "-j", "N", "threads (default: every core)"};
constexpr OptionSpec kStrict{"--strict", "", "", "report what cannot be known statically as failing"};
constexpr OptionSpec kNoKustomize{"--no-kustomize", "", "",
                                  "scan Kustomize folders file by file instead of building them"};
constexpr OptionSpec kKubernetesVersion{"--kubernetes-version", "", "V",
                                        "the release (e.g. 1.30) whose defaults absent control-plane\nand kubelet "
                                        "flags take (default: the configuration's, else 1.28)"};
constexpr OptionSpec kStdinName{"--stdin-filename", "", "NAME",
                                "name for the standard input (\"-\"), e.g. main.bicep; it picks\nthe format (Bicep, "
                                ".bicepparam, ARM or Kubernetes JSON, YAML)"};
constexpr OptionSpec kParams{"--params", "", "FILE",
                             "Bicep/ARM parameter file (repeatable); one that does not exist\nor cannot be read "
                             "is a usage error (exit 2)"};
constexpr OptionSpec kModulePath{"--module-path", "", "PREFIX=DIR",
                                 "read registry modules under PREFIX from DIR (repeatable), e.g.\n"
                                 "br/public:avm/res=../bicep-registry-modules/avm/res; without one,\n"
                                 "from the Bicep CLI's module cache (after `bicep restore`)"};
constexpr OptionSpec kScanCompiled{"--scan-compiled", "", "",
                                   "also read ARM templates the Bicep compiler wrote beside their\n"
                                   ".bicep source (default: skipped and noted; the source is scanned)"};
constexpr OptionSpec kCacheDir{"--cache-dir", "", "DIR",
                                "keep the scan cache in DIR (default: .palisade_cache in the scan\nroot; PALISADE_CACHE_DIR "
                                "in the environment)"};
constexpr OptionSpec kNoCache{"--no-cache", "", "", "read every file afresh; use and write no scan cache"};
constexpr OptionSpec kMaxFileSize{"--max-file-size", "", "SIZE",
                                  "skip files larger than SIZE bytes (K, M, G suffixes; default 16M)"};
constexpr OptionSpec kDumpModel{"--dump-model", "", "FILE", "write the evaluated model as JSON"};
constexpr OptionSpec kColor{"--color", "", "WHEN", "colours: auto (default), always, never"};
constexpr OptionSpec kNoColor{"--no-color", "", "", "the same as --color never"};
constexpr OptionSpec kQuiet{"--quiet", "-q", "", "text: findings only, no summary"};
constexpr OptionSpec kStatistics{"--statistics", "", "", "text and concise: a count of findings per rule"};
constexpr OptionSpec kSarifRules{"--sarif-rules", "", "WHICH",
                                 "SARIF: describe the rules that produced results or notifications\n(used, default) or "
                                 "every rule that ran (all)"};
constexpr OptionSpec kHelp{"--help", "-h", "", "this help"};

std::vector<CommandSpec> buildSpecs() {
  std::vector<CommandSpec> specs;
  specs.push_back(CommandSpec{
      "scan",
      "palisade scan [PATH...|-] [options]",
      "check files and folders (default: .)",
      "Reads Bicep, ARM templates and parameter files, Kubernetes manifests and Calico\n"
      "policies under each PATH (\"-\": standard input) and reports what the rules find.\n"
      "Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage, configuration\n"
      "or internal error, or a named path or --params file that does not exist or\n"
      "cannot be read, or named paths in which no file could be read at all (a scan\n"
      "of the default \".\" that reads nothing says so and exits 0).",
      {kFormat, kOutput, kConfig, kRules, kSelect, kExtendSelect, kIgnore, kExclude, kFailOn, kBaseline, kDiffBase,
       kContext, kJobs, kStrict, kNoKustomize, kKubernetesVersion, kStdinName, kParams, kModulePath, kScanCompiled, kCacheDir, kNoCache, kMaxFileSize, kDumpModel, kColor, kNoColor, kQuiet, kStatistics, kSarifRules,
       kHelp},
      {"palisade scan infra/ k8s/ --select cis-kubernetes --exclude 'legacy/'",
       "palisade scan . --format sarif --output palisade.sarif",
       "helm template chart | palisade scan - --stdin-filename rendered.yaml --format concise"}});
  specs.push_back(CommandSpec{
      "fix",
      "palisade fix [PATH...] [options]",
      "apply the fixes rules offer (--diff: show them)",
      "Scans like `palisade scan` and applies the fixes of the active findings that have\n"
      "one: only the changed value or the inserted lines change in each file; a value set\n"
      "by a parameter default, variable or .bicepparam is changed there. Files are\n"
      "rewritten atomically, then scanned again: a fix that leaves its file unparseable,\n"
      "does not remove its finding or brings another one is rolled back and reported.\n"
      "Only files inside the scan root that still hold what was read are changed.\n"
      "Exit codes as scan's, for the findings that remain (with --diff: that would remain).",
      {OptionSpec{"--diff", "", "", "print the changes as a unified diff and change nothing"},
       OptionSpec{"--unsafe-fixes", "", "", "apply unsafe fixes too (they may change how a workload runs)"},
       kConfig, kRules, kSelect, kExtendSelect, kIgnore, kExclude, kFailOn, kJobs, kNoKustomize, kKubernetesVersion,
       kParams, kMaxFileSize, kColor, kNoColor, kQuiet, kHelp},
      {"palisade fix k8s/ --diff", "palisade fix . --select K8S012,AZR013", "palisade fix infra/ --unsafe-fixes"}});
  specs.push_back(CommandSpec{
      "baseline",
      "palisade baseline [PATH...] --output FILE [options]",
      "record today's findings as known debt",
      "A scan whose findings' fingerprints are written to FILE (or the configuration's\n"
      "`baseline:`) instead of a report; `palisade scan --baseline FILE` then reports only\n"
      "what is new.",
      {kOutput, kConfig, kRules, kSelect, kExtendSelect, kIgnore, kExclude, kJobs, kStrict, kNoKustomize, kKubernetesVersion, kStdinName,
       kParams, kModulePath, kScanCompiled, kMaxFileSize, kHelp},
      {"palisade baseline . --output .palisade-baseline.json"}});
  specs.push_back(CommandSpec{
      "config",
      "palisade config [PATH...] [options]",
      "print the effective configuration and where each value comes from",
      "Shows what `palisade scan` with the same paths and options would use: the\n"
      "configuration file found (or named with --config), each setting's value and its\n"
      "source (a file:line, the command line, or the default).",
      {kConfig, kRules, kSelect, kExtendSelect, kIgnore, kExclude, kFailOn, kBaseline, kStrict, kKubernetesVersion, kParams,
       kModulePath, kHelp},
      {"palisade config infra/", "palisade config --select K8S0 --fail-on high"}});
  specs.push_back(CommandSpec{
      "init",
      "palisade init [DIR] [options]",
      "write a commented starter .palisade.yaml",
      "Looks at what DIR (default: .) holds — Kubernetes manifests, Calico policies,\n"
      "Bicep, ARM templates and their parameter files — and writes DIR/.palisade.yaml\n"
      "with those choices filled in and every other setting commented.",
      {OptionSpec{"--force", "", "", "overwrite an existing .palisade.yaml"},
       OptionSpec{"--stdout", "", "", "print the configuration instead of writing it"}, kHelp},
      {"palisade init", "palisade init infra --stdout"}});
  specs.push_back(CommandSpec{
      "rules",
      "palisade rules [options]",
      "list the rules",
      "Every rule, the default-off ones (such as the resilience pack, which runs only\n"
      "when a selection names it) too.",
      {OptionSpec{"--format", "-f", "FORMAT", "text (default), json or markdown"},
       OptionSpec{"--output-dir", "", "DIR", "write the catalogue and one Markdown page per rule to DIR"},
       OptionSpec{"--select", "", "RULES", "list only these rules (same forms as scan --select)"}, kRules, kHelp},
      {"palisade rules", "palisade rules --format json", "palisade rules --select resilience"}});
  specs.push_back(CommandSpec{"explain",
                              "palisade explain RULE [options]",
                              "one rule's documentation",
                              "RULE is a rule id or name.",
                              {kRules, kHelp},
                              {"palisade explain K8S002", "palisade explain privileged-container"}});
  specs.push_back(CommandSpec{
      "kustomize",
      "palisade kustomize build DIR [options]",
      "print the objects palisade builds from a Kustomize folder",
      "Builds the kustomization in DIR with palisade's own builder (no kustomize or\n"
      "kubectl, no network) and prints the objects as YAML, in build order: what\n"
      "`palisade scan` judges. Problems go to standard error as GEN030 (build error),\n"
      "GEN031 (remote resource, left out) or GEN032 (field not applied). Files outside\n"
      "--root are never read. Exit codes: 0 built, 1 built with errors (GEN030 or an\n"
      "unreadable file), 2 usage (DIR holds no kustomization).",
      {OptionSpec{"--origins", "", "", "after each value set by another file (a patch, namePrefix,\nnamespace, labels, "
                                       "images), that file:line as a comment, and\nwhere a renamed value was first "
                                       "written; before each object,\nthe file:line it starts at"},
       OptionSpec{"--output", "-o", "FILE", "write the YAML to FILE (atomically) instead of stdout"},
       OptionSpec{"--root", "", "DIR",
                  "read no file outside DIR (default: the repository DIR is in,\nelse the current folder when it holds DIR, "
                  "else DIR)"},
       kHelp},
      {"palisade kustomize build overlays/prod", "palisade kustomize build overlays/prod --origins | less"}});
  specs.push_back(CommandSpec{
      "lsp",
      "palisade lsp [options]",
      "a Language Server for editors, over standard input and output",
      "Speaks the Language Server Protocol on standard input and output: diagnostics as\n"
      "you type (the whole workspace folder is the context, unsaved buffers included),\n"
      "quick fixes, a suppression comment, and the rule's explanation on hover. The\n"
      "workspace's .palisade.yaml applies, and the options below add to it as they do\n"
      "for scan. See docs/editors.md for VS Code, Neovim and Helix.",
      {OptionSpec{"--stdio", "", "", "talk over standard input and output (the default and only way)"},
       OptionSpec{"--debounce", "", "MS", "wait this long after a change before checking (default 150)"},
       kConfig, kRules, kSelect, kExtendSelect, kIgnore, kExclude, kBaseline, kJobs, kStrict, kNoKustomize,
       kKubernetesVersion, kParams, kModulePath, kCacheDir, kNoCache, kHelp},
      {"palisade lsp"}});
  specs.push_back(CommandSpec{
      "audit",
      "palisade audit REPO... --output-dir DIR [options]",
      "batch audit: each repository its own project",
      "Scans many repositories in parallel, each as its own project, and writes per-\n"
      "repository SARIF and JSON plus a combined JSON (the input of `palisade merge`),\n"
      "SARIF, HTML report and summary table. A repository in which no file was read is\n"
      "shown as empty, with the reason, apart from the clean ones.",
      {OptionSpec{"--output-dir", "-o", "DIR", "where the reports go (required)"},
       OptionSpec{"--repos-file", "", "FILE", "read repository paths from FILE, one a line ('#' comments)"},
       OptionSpec{"--shard", "", "I/N", "audit only the I-th of N deterministic shares of the repositories"},
       kJobs, kRules, kSelect, kIgnore, kFailOn, kStrict, kModulePath, kCacheDir, kNoCache,
       OptionSpec{"--progress", "", "MODE", "auto (default), bar, lines or none"}, kHelp},
      {"palisade audit repos/* --output-dir audit", "palisade audit --repos-file repos.txt --shard 2/4 -o out"}});
  specs.push_back(CommandSpec{
      "merge",
      "palisade merge REPORT... (--output FILE | --output-dir DIR) [options]",
      "combine audit shards (JSON) or SARIF files",
      "JSON reports of `palisade audit` shards merge into one JSON, SARIF, HTML or text\n"
      "(--output FILE, format from --format or the extension) or into the full set of\n"
      "combined outputs (--output-dir); SARIF files merge into one SARIF file.",
      {OptionSpec{"--output", "-o", "FILE", "the merged report"},
       OptionSpec{"--output-dir", "", "DIR", "write every combined output, as `palisade audit` does"},
       OptionSpec{"--format", "-f", "FORMAT", "the format of --output (default: from its extension)"}, kHelp},
      {"palisade merge shard-*/palisade-audit.shard-*.json --output-dir combined"}});
  specs.push_back(CommandSpec{"version", "palisade version", "print the version", "", {kHelp}, {"palisade version"}});
  specs.push_back(CommandSpec{"help",
                              "palisade help [COMMAND] [--man|--markdown]",
                              "this help, a command's help, or all of it as a man page",
                              "",
                              {OptionSpec{"--man", "", "", "the whole help as a roff man page"},
                               OptionSpec{"--markdown", "", "", "the whole help as Markdown"}, kHelp},
                              {"palisade help scan", "palisade help --man > palisade.1"}});
  return specs;
}

std::string optionLabel(const OptionSpec& o) {
  std::string label = o.short_name.empty() ? fmt::format("    {}", o.name) : fmt::format("{}, {}", o.short_name, o.name);
  if (!o.value.empty()) label += fmt::format(" {}", o.value);
  return label;
}

std::vector<std::string_view> linesOf(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

std::string joinedHelp(std::string_view help) {
  std::string out;
  for (std::string_view line : linesOf(help)) out += (out.empty() ? "" : " ") + std::string(line);
  return out;
}

// roff: a leading '.' or '\'' and backslashes and hyphens need escaping.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
    line_start = c == '\n';
  }
  return out;
}

}  // namespace

const std::vector<CommandSpec>& commandSpecs() {
  static const std::vector<CommandSpec> specs = buildSpecs();
  return specs;
}

const CommandSpec* findCommandSpec(std::string_view name) {
  for (const CommandSpec& c : commandSpecs()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string generalHelp() {
  std::string out =
      "palisade — policy-as-code audit linter for Azure Bicep/ARM, Kubernetes and Calico\n\nusage: palisade COMMAND "
      "[options]\n\ncommands:\n";
  for (const CommandSpec& c : commandSpecs()) out += fmt::format("  {:<10}  {}\n", c.name, c.summary);
  out += "\n`palisade COMMAND --help` lists a command's options, with examples.\n";
  out += "Exit codes: 0 nothing at or above the threshold, 1 findings, 2 usage, configuration\nor internal error, "
         "or a named path or --params file that does not exist or cannot be read, or in which no file could be read.\n";
  return out;
}

std::string commandHelp(const CommandSpec& command) {
  std::string out = fmt::format("usage: {}\n\n{}\n", command.usage, command.summary);
  if (!command.details.empty()) out += fmt::format("\n{}\n", command.details);
  if (!command.options.empty()) {
    out += "\noptions:\n";
    std::size_t width = 0;
    for (const OptionSpec& o : command.options) width = std::max(width, optionLabel(o).size());
    for (const OptionSpec& o : command.options) {
      std::vector<std::string_view> lines = linesOf(o.help);
      out += fmt::format("  {:<{}}  {}\n", optionLabel(o), width, lines.empty() ? "" : lines[0]);
      for (std::size_t i = 1; i < lines.size(); ++i) out += fmt::format("  {:<{}}  {}\n", "", width, lines[i]);
    }
  }
  if (!command.examples.empty()) {
    out += "\nexamples:\n";
    for (std::string_view e : command.examples) out += fmt::format("  {}\n", e);
  }
  return out;
}

std::string manPage(std::string_view version) {
  std::string out = fmt::format(".TH PALISADE 1 \"\" \"palisade {}\" \"User Commands\"\n", version);
  out += ".SH NAME\npalisade \\- policy\\-as\\-code audit linter for Azure Bicep/ARM, Kubernetes and Calico\n";
  out += ".SH SYNOPSIS\n";
  for (const CommandSpec& c : commandSpecs()) out += fmt::format(".B {}\n.br\n", roff(c.usage));
  out += ".SH DESCRIPTION\npalisade checks infrastructure code against security and reliability rules and reports\n"
         "findings as text, SARIF, JSON, JUnit, GitHub annotations, CSV or HTML.\n";
  out += ".SH COMMANDS\n";
  for (const CommandSpec& c : commandSpecs()) {
    out += fmt::format(".SS {}\n{}\n", roff(c.usage), roff(c.summary));
    if (!c.details.empty()) out += fmt::format(".PP\n{}\n", roff(joinedHelp(c.details)));
    for (const OptionSpec& o : c.options) {
      out += fmt::format(".TP\n.B {}\n{}\n", roff(optionLabel(o).substr(optionLabel(o).find_first_not_of(' '))),
                         roff(joinedHelp(o.help)));
    }
    for (std::string_view e : c.examples) out += fmt::format(".PP\n.nf\n  {}\n.fi\n", roff(e));
  }
  out += ".SH EXIT STATUS\n0 nothing at or above the threshold, 1 findings, 2 usage, configuration or internal error, "
         "or a named path or \\-\\-params file that does not exist or cannot be read, or in which no file could be read.\n";
  out += ".SH FILES\n.TP\n.B .palisade.yaml\nthe configuration nearest to each scanned path (see palisade config)\n";
  return out;
}

std::string helpMarkdown() {
  std::string out =
      "# Command-line reference\n\n<!-- Generated by `palisade help --markdown` (scripts/gen-rule-docs); do not edit. -->\n\n";
  out += "```text\n" + generalHelp() + "```\n";
  for (const CommandSpec& c : commandSpecs()) {
    out += fmt::format("\n## palisade {}\n\n```text\n{}```\n", c.name, commandHelp(c));
  }
  return out;
}

std::variant<ParsedArgs, UsageError> parseArguments(const CommandSpec& command, const std::vector<std::string>& args) {
  ParsedArgs out;
  auto find = [&](std::string_view name) -> const OptionSpec* {
    if (name == "--colour") name = "--color";  // the British spelling
    for (const OptionSpec& o : command.options) {
      if (o.name == name || (!o.short_name.empty() && o.short_name == name)) return &o;
    }
    return nullptr;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "-" || !arg.starts_with("-")) {
      out.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      out.positionals.insert(out.positionals.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    std::optional<std::string> inline_value;
    if (arg.starts_with("--") && arg.find('=') != std::string::npos) {
      inline_value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
    } else if (!arg.starts_with("--") && arg.size() > 2) {
      // A short option's value may be attached, as getopt allows: -j1, -ofile.sarif.
      const OptionSpec* short_spec = find(arg.substr(0, 2));
      if (short_spec && !short_spec->value.empty()) {
        inline_value = arg.substr(2);
        arg = arg.substr(0, 2);
      }
    }
    const OptionSpec* spec = find(arg);
    if (!spec) return UsageError{fmt::format("unknown option '{}' (see palisade {} --help)", arg, command.name)};
    ParsedOption parsed{spec, {}};
    if (spec->value.empty()) {
      if (inline_value) return UsageError{fmt::format("{} takes no value", spec->name)};
    } else if (inline_value) {
      parsed.value = *inline_value;
    } else if (i + 1 < args.size()) {
      parsed.value = args[++i];
    } else {
      return UsageError{fmt::format("{} needs a value ({})", arg, spec->value)};
    }
    out.options.push_back(std::move(parsed));
  }
  return out;
}

}  // namespace palisade
