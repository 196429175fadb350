// How Helm combines the values of a chart and its subcharts (chartutil's
// CoalesceValues, processDependencyEnabled and processImportValues): a
// parent's `values.<subchart>` overrides the subchart's values.yaml, the
// parent's `global` is merged down into every subchart's `global`, a
// dependency's `condition`/`tags` decide whether it is rendered, and
// `import-values` copy a child's values up into its parent. Values keep
// their spans (the values.yaml line each came from) through all of it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/value.h"

namespace palisade::helm {

// One chart of the tree as the renderer loaded it.
struct ChartNode {
  std::string name;   // .Chart.Name: the dependency's alias where it has one
  Value metadata;     // Chart.yaml
  Value values;       // values.yaml (numbers as float64, as Helm reads them)
  bool library = false;
  std::vector<std::shared_ptr<ChartNode>> subcharts;
  // Where the renderer read it from.
  std::filesystem::path dir;
  std::string display_dir;                  // as reports show that folder
  std::vector<std::string> template_files;  // relative to dir: "templates/x.yaml"
};

// Helm's coalesceTables: `dst` keeps what it has; what it lacks is copied from
// `src`, maps merged key by key. A null in `dst` over a value of `src` removes the key.
void coalesceTables(Value& dst, const Value& src);

// CoalesceValues(chart, user): the values every template of the tree sees,
// `user` (values files, --set) over the charts' own values.yaml files, each
// subchart's under its name, with `global` merged down.
Value coalesceChartValues(const ChartNode& chart, Value user);

// The value at a dotted path ("a.b.c") in `values`, nullptr when absent.
const Value* valueAtPath(const Value& values, std::string_view dotted);

}  // namespace palisade::helm
