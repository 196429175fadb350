#include "scan/helm_scan.h"

#include <map>

#include "core/parallel.h"


namespace palisade {

namespace fs = std::filesystem;

namespace {

bool pathIsUnder(const fs::path& file, const fs::path& folder) {
  auto f = file.begin();
  for (auto d = folder.begin(); d != folder.end(); ++d, ++f) {
    if (f == file.end() || *f != *d) return false;
  }
  return true;
}

void addHelmValues(const HelmValues& values, helm::ChartOptions& out) {
  out.values_files.insert(out.values_files.end(), values.values_files.begin(), values.values_files.end());
  out.set_values.insert(out.set_values.end(), values.set_values.begin(), values.set_values.end());
  if (values.release_name) out.release_name = *values.release_name;
  if (values.release_namespace) {
    out.release_namespace = *values.release_namespace;
    out.release_namespace_chosen = true;
  }
}

// Where a finding in a rendered object points for "which chart": the chart's
// values.yaml (a change there re-renders every object), else its Chart.yaml.
Span chartAnchor(const helm::ChartRender& render, const std::string& display_dir) {
  const std::string prefix = display_dir.empty() ? "" : display_dir + "/";
  const SourceFile* chart_yaml = nullptr;
  for (const SourceFilePtr& f : render.files) {
    if (f->path() == prefix + "values.yaml") return f->pointAt(0);
    if (f->path() == prefix + "Chart.yaml") chart_yaml = f.get();
  }
  return chart_yaml != nullptr ? chart_yaml->pointAt(0) : Span{};
}

// A span into a file the render did not return (the text of a `tpl` call or
// of `fromYaml`, which the renderer's template set kept alive only while it
// ran) would outlive that file: such spans take the enclosing value's span.
// Only pointers are compared; a foreign file is never read.
void anchorForeignSpans(Value& v, const std::set<const SourceFile*>& known, const Span& fallback) {
  auto foreign = [&known](const Span& s) { return s.file != nullptr && !known.count(s.file); };
  if (foreign(v.span())) v.setSpan(fallback);
  if (foreign(v.origin())) v.setOrigin(Span{});
  const Span& here = v.span().file != nullptr ? v.span() : fallback;
  if (v.isArray()) {
    for (Value& item : v.items()) anchorForeignSpans(item, known, here);
  } else if (v.isObject()) {
    for (Member& m : v.members()) {
      if (foreign(m.key_span)) m.key_span = here;
      anchorForeignSpans(m.value, known, here);
    }
  }
}

void anchorForeignSpans(helm::ChartRender& render) {
  std::set<const SourceFile*> known;
  for (const SourceFilePtr& f : render.files) known.insert(f.get());
  for (Resource& r : render.resources) {
    if (r.declaration.file != nullptr && !known.count(r.declaration.file)) r.declaration = Span{};
    Span fallback = r.declaration;
    anchorForeignSpans(r.body, known, fallback);
    if (!r.declaration.valid()) r.declaration = r.body.span();
  }
  for (Diagnostic& d : render.diagnostics) {
    if (d.span.file != nullptr && !known.count(d.span.file)) d.span = Span{};
  }
}

}  // namespace

std::optional<fs::path> chartFolderOf(const fs::path& dir, const fs::path& root) {
  std::vector<fs::path> charts;  // innermost first
  for (fs::path at = dir; pathIsUnder(at, root); at = at.parent_path()) {
    if (helm::isChartDirectory(at)) charts.push_back(at);
    if (at == root || at == at.parent_path()) break;
  }
  if (charts.empty()) return std::nullopt;
  fs::path chart = charts.front();
  // A subchart is rendered by the chart whose charts/ holds it.
  for (std::size_t i = 1; i < charts.size(); ++i) {
    if (chart.parent_path().filename() == "charts" && chart.parent_path().parent_path() == charts[i]) chart = charts[i];
  }
  return chart;
}

helm::ChartOptions chartOptionsFor(const fs::path& chart, const HelmScanOptions& options) {
  helm::ChartOptions out;
  if (!options.kube_version.empty()) out.kube_version = options.kube_version;
  out.api_versions = options.api_versions;
  for (const auto& [folder, values] : options.charts) {
    if (folder == chart) addHelmValues(values, out);
  }
  addHelmValues(options.command_line, out);
  return out;
}

HelmScan renderCharts(const ScanRoot& root, const std::vector<InputFile>& inputs, const HelmScanOptions& options,
                      std::size_t jobs) {
  HelmScan out;
  std::map<fs::path, std::optional<fs::path>> chart_of_folder;
  std::set<fs::path> charts;
  for (const InputFile& input : inputs) {
    if (input.absolute.empty()) continue;
    fs::path folder = input.absolute.parent_path();
    auto [it, added] = chart_of_folder.try_emplace(folder);
    if (added) it->second = chartFolderOf(folder, root.directory);
    if (it->second) charts.insert(*it->second);
  }
  // Charts render independently: in parallel, then put in the model in path order.
  std::vector<fs::path> chart_list(charts.begin(), charts.end());
  std::vector<std::string> display_dirs(chart_list.size());
  std::vector<helm::ChartRender> renders(chart_list.size());
  parallelFor(chart_list.size(), jobs, [&](std::size_t i) {
    const fs::path& chart = chart_list[i];
    display_dirs[i] = chart == root.directory ? std::string() : root.displayPath(chart);
    helm::ChartOptions chart_options = chartOptionsFor(chart, options);
    // A values file is named as reports name the scan's files: relative to the root when inside it.
    for (helm::ValuesFile& file : chart_options.values_files) {
      if (file.display.empty()) file.display = root.displayPath(file.path);
    }
    renders[i] = helm::renderChart(chart, display_dirs[i], chart_options);
    anchorForeignSpans(renders[i]);
  });
  for (std::size_t c = 0; c < chart_list.size(); ++c) {
    ++out.charts;
    const fs::path& chart = chart_list[c];
    const std::string& display_dir = display_dirs[c];
    helm::ChartRender& render = renders[c];
    Span anchor = chartAnchor(render, display_dir);
    for (const helm::RenderedChartTemplate& t : render.templates) out.rendered_bytes += t.output.text.size();
    for (Resource& r : render.resources) {
      r.rendered_by = anchor;
      r.chart_name = render.chart_name;
      out.rendered.resources.push_back(std::move(r));
    }
    for (Diagnostic& d : render.diagnostics) out.rendered.diagnostics.push_back(std::move(d));
    // Every file object the render made stays alive, also a second one of the same path (a subchart
    // reached under two aliases): the rendered values point into each.
    for (SourceFilePtr& f : render.files) {
      out.read_by_renders.insert(f->path());
      out.rendered.files.push_back(std::move(f));
    }
    // The chart's own files are read through the render: templates, subcharts, Chart.yaml and values.yaml.
    for (const InputFile& input : inputs) {
      if (input.absolute.empty() || !pathIsUnder(input.absolute, chart)) continue;
      if (pathIsUnder(input.absolute, chart / "templates") || pathIsUnder(input.absolute, chart / "charts") ||
          input.absolute == chart / "Chart.yaml" || input.absolute == chart / "values.yaml" ||
          out.read_by_renders.count(input.display)) {
        out.consumed.insert(input.absolute);
      }
    }
  }
  return out;
}

}  // namespace palisade
