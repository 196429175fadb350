// The configuration of a scan from the command line's point of view: which
// `.palisade.yaml` applies (`--config FILE`, else the nearest one from the
// scan root up to the repository top), and how its defaults combine with
// flags — flags win: `--select` replaces the file's `select`, `--fail-on`
// its `fail-on`, `--baseline` its `baseline`; `--ignore`, `--rules` and
// `--params` add to the file's lists.
#pragma once

#include "cli/options.h"
#include "scan/config_loader.h"

namespace palisade {

// The configuration for these options; an empty Config when there is none.
LoadedConfig loadScanConfig(const ScanOptions& options);

// Folds the file's defaults (packs, params, fail-on, strict, baseline) into the options.
void applyConfigDefaults(const Config& config, ScanOptions& options);

}  // namespace palisade
