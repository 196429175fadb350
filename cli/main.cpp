// palisade: the command-line entry point; dispatches to the sub-commands.
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

constexpr const char* kUsage = R"(palisade — policy-as-code audit linter for Azure Bicep/ARM, Kubernetes and Calico

usage:
  palisade scan [PATH...|-] [options]   check files and folders (default: .)
  palisade scan --context DIR [PATH...] [options]
                                        check all of DIR, report only PATHs
  palisade baseline [PATH...] --output FILE
                                        record today's findings as known debt
  palisade rules [--format text|json|markdown]
                                        list the rules
  palisade explain RULE                 one rule's documentation
  palisade audit REPO... --output-dir DIR [--shard I/N] [--repos-file F]
                                        batch audit: each repository its own project
  palisade merge REPORT... (--output FILE | --output-dir DIR)
                                        combine audit shards (JSON) or SARIF files
  palisade version                      print the version

scan options:
  -f, --format FORMAT     text (default), sarif, json, junit, github, csv, html
  -o, --output FILE       write the report to FILE (atomically) instead of stdout
      --config FILE       configuration (default: .palisade.yaml in the scan root
                          or a folder above it, up to the repository top)
      --rules DIR         add a rule pack (repeatable)
      --select IDS        run only these rules (ids, names; comma-separated)
      --ignore IDS        do not run these rules
      --fail-on LEVEL     exit 1 on findings at or above error|warning|note; none
                          never fails (default: warning)
      --baseline FILE     report only findings not recorded in FILE
      --diff-base REF     report only findings on lines changed since the merge
                          base of REF and HEAD (git)
      --context DIR       read and check all of DIR (as `palisade scan DIR`), but
                          report only the findings of the PATHs named (files, or
                          folders inside DIR) — what pre-commit runs, so that
                          cross-file rules see the whole project
  -j, --jobs N            threads (default: every core)
      --strict            report what cannot be known statically as failing
      --no-kustomize      scan the files of Kustomize folders as they are, instead
                          of the objects their kustomizations build
      --kubernetes-version V  the release (e.g. 1.30) whose defaults absent
                          control-plane and kubelet flags take (default: 1.28)
      --stdin-filename N  name for the standard input ("-"), e.g. main.bicep; it
                          picks the format (Bicep, .bicepparam, ARM or Kubernetes JSON, YAML)
      --params FILE       Bicep/ARM parameter file (repeatable; must exist)
      --max-file-size N   skip files larger than N bytes (K, M, G suffixes; default 16M)
      --dump-model FILE   write the evaluated model as JSON
      --color WHEN        auto (default), always, never
  -q, --quiet             text: findings only, no summary
      --statistics        text: per-rule counts

exit codes: 0 nothing at or above the threshold, 1 findings, 2 usage, configuration
or internal error, or a named path or --params file that does not exist or cannot be read
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const std::string& a : rest) {
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  try {
    if (command == "scan") return palisade::runScanCommand(rest);
    if (command == "baseline") return palisade::runBaselineCommand(rest);
    if (command == "rules") return palisade::runRulesCommand(rest);
    if (command == "audit") return palisade::runAuditCommand(rest);
    if (command == "merge") return palisade::runMergeCommand(rest);
    if (command == "explain") return palisade::runExplainCommand(rest);
    if (command == "version" || command == "--version") {
      fmt::print("palisade {}\n", PALISADE_VERSION);
      return 0;
    }
    fmt::print(stderr, "palisade: unknown command '{}'\n\n{}", command, kUsage);
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "palisade: internal error: {}\n", e.what());
    return 2;
  }
}
