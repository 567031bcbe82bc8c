// ort_harness: times raw ONNX Runtime inference of one .onnx model through the C++ API, with the
// session settings EdgeAE uses (Runtime/Inference/SessionFactory.cs), so `edgeae bench latency`
// can compare the managed path against the native floor on the same machine in the same run.
//
//   ort_harness MODEL.onnx [--threads N] [--batch B] [--warmup N] [--iters N] [--min-ms MS]
//                          [--config KEY=VALUE]... [--run INPUT.f32 [--write OUTPUT.f32]]
//
// Prints one JSON object on stdout. Batch 1 and batch B are each timed over preallocated input and
// output tensors bound once with IoBinding, so nothing but Run() sits inside the timed region.
// With --run, nothing is timed: the windows in INPUT.f32 (raw little-endian float32, one model input
// after another) run through the same session one at a time (the device's batch of 1); the JSON
// carries each window's mean squared reconstruction error (an EdgeAE bundle's output has its input's
// shape; this is its mse score before smoothing) and --write keeps the outputs. So a board, or the
// emulated one, can be checked to compute the scores the workstation computes.
#include <onnxruntime_cxx_api.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Args {
  std::string model;
  int threads = 1;
  int batch = 8;
  int warmup = 200;
  int iters = 2000;
  double min_ms = 1000.0;  // keep timing until both the iteration count and this time are reached
  std::vector<std::pair<std::string, std::string>> config;
  std::string run_input, run_output;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "ort_harness: error: %s\n", message.c_str());
  std::exit(2);
}

int parse_int(const char* text, const char* what, int min_value) {
  char* end = nullptr;
  long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < min_value || v > 100000000)
    usage_error(std::string(what) + " must be an integer >= " + std::to_string(min_value) + ", got '" + text + "'");
  return static_cast<int>(v);
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&](const char* name) -> const char* {
      if (i + 1 >= argc) usage_error(std::string(name) + " needs a value");
      return argv[++i];
    };
    if (arg == "--threads") a.threads = parse_int(next("--threads"), "--threads", 1);
    else if (arg == "--batch") a.batch = parse_int(next("--batch"), "--batch", 1);
    else if (arg == "--warmup") a.warmup = parse_int(next("--warmup"), "--warmup", 0);
    else if (arg == "--iters") a.iters = parse_int(next("--iters"), "--iters", 1);
    else if (arg == "--min-ms") a.min_ms = parse_int(next("--min-ms"), "--min-ms", 0);
    else if (arg == "--config") {
      std::string kv = next("--config");
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) usage_error("--config expects KEY=VALUE, got '" + kv + "'");
      a.config.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else if (arg == "--run") a.run_input = next("--run");
    else if (arg == "--write") a.run_output = next("--write");
    else if (arg == "-h" || arg == "--help") {
      std::puts("usage: ort_harness MODEL.onnx [--threads N] [--batch B] [--warmup N] [--iters N] [--min-ms MS] [--config KEY=VALUE]... [--run INPUT.f32 [--write OUTPUT.f32]]");
      std::exit(0);
    } else if (!arg.empty() && arg[0] == '-') usage_error("unknown option '" + arg + "'");
    else if (a.model.empty()) a.model = arg;
    else usage_error("only one model may be given");
  }
  if (a.model.empty()) usage_error("no model given");
  if (a.run_input.empty() && !a.run_output.empty()) usage_error("--write needs --run");
  return a;
}

struct Timing {
  int batch = 0;
  size_t iters = 0;
  double median_us = 0, p90_us = 0, min_us = 0, mean_us = 0;
};

double percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  double pos = p * (sorted.size() - 1);
  size_t lo = static_cast<size_t>(pos);
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

// Concrete shape for a batch: the leading dynamic dim becomes the batch; other dynamic dims are
// an error because EdgeAE bundles fix the window size.
std::vector<int64_t> concrete_shape(std::vector<int64_t> dims, int batch, const std::string& what) {
  if (dims.empty()) throw std::runtime_error(what + " is a scalar; expected [N, ...]");
  for (size_t i = 1; i < dims.size(); ++i)
    if (dims[i] <= 0) throw std::runtime_error(what + " has a dynamic dimension " + std::to_string(i) + " besides the batch");
  if (dims[0] <= 0) dims[0] = batch;
  return dims;
}

size_t element_count(const std::vector<int64_t>& dims) {
  return std::accumulate(dims.begin(), dims.end(), size_t{1}, [](size_t a, int64_t d) { return a * static_cast<size_t>(d); });
}

// Input and output buffers for one batch size, created once and bound to the session through
// IoBinding, so a Run() touches nothing else.
struct Bound {
  std::vector<int64_t> in_shape, out_shape;
  std::vector<float> input, output;
  Ort::Value in_value{nullptr}, out_value{nullptr};
  Ort::IoBinding binding;
  Bound(Ort::Session& session, const std::string& in_name, const std::string& out_name,
        const std::vector<int64_t>& in_dims, const std::vector<int64_t>& out_dims, int batch)
      : in_shape(concrete_shape(in_dims, batch, "input '" + in_name + "'")),
        out_shape(concrete_shape(out_dims, batch, "output '" + out_name + "'")),
        input(element_count(in_shape)), output(element_count(out_shape)), binding(session) {
    auto memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
    in_value = Ort::Value::CreateTensor<float>(memory, input.data(), input.size(), in_shape.data(), in_shape.size());
    out_value = Ort::Value::CreateTensor<float>(memory, output.data(), output.size(), out_shape.data(), out_shape.size());
    binding.BindInput(in_name.c_str(), in_value);
    binding.BindOutput(out_name.c_str(), out_value);
  }
};

Timing time_batch(Ort::Session& session, const std::string& in_name, const std::string& out_name,
                  const std::vector<int64_t>& in_dims, const std::vector<int64_t>& out_dims, int batch, const Args& a) {
  Bound b(session, in_name, out_name, in_dims, out_dims, batch);
  auto& binding = b.binding;
  // Deterministic values in [0, 1): plausible normalized sensor data, never denormals.
  uint32_t state = 12345u;
  for (auto& v : b.input) {
    state = state * 1664525u + 1013904223u;
    v = static_cast<float>(state >> 8) / 16777216.0f;
  }
  Ort::RunOptions run_options;

  for (int i = 0; i < a.warmup; ++i) session.Run(run_options, binding);

  std::vector<double> samples;
  samples.reserve(static_cast<size_t>(a.iters) * 2);
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  for (;;) {
    auto t0 = clock::now();
    session.Run(run_options, binding);
    auto t1 = clock::now();
    samples.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    double elapsed_ms = std::chrono::duration<double, std::milli>(t1 - start).count();
    if (samples.size() >= static_cast<size_t>(a.iters) && elapsed_ms >= a.min_ms) break;
    if (samples.size() >= 50000000) break;
  }
  // Touch the output so the compiler and a future reader both see it is real.
  volatile float sink = b.output[0];
  (void)sink;

  std::sort(samples.begin(), samples.end());
  Timing t;
  t.batch = batch;
  t.iters = samples.size();
  t.median_us = percentile(samples, 0.5);
  t.p90_us = percentile(samples, 0.9);
  t.min_us = samples.front();
  t.mean_us = std::accumulate(samples.begin(), samples.end(), 0.0) / samples.size();
  return t;
}

// Runs every window of a raw float32 file through the session, one at a time (the device's batch
// of 1); returns each window's mean squared reconstruction error and writes the outputs if asked.
std::vector<double> run_file(Ort::Session& session, const std::string& in_name, const std::string& out_name,
                const std::vector<int64_t>& in_dims, const std::vector<int64_t>& out_dims, const Args& a) {
  Bound b(session, in_name, out_name, in_dims, out_dims, 1);
  const std::vector<float>& input = b.input;
  const std::vector<float>& output = b.output;
  std::FILE* in = std::fopen(a.run_input.c_str(), "rb");
  if (!in) throw std::runtime_error("cannot open " + a.run_input);
  if (input.size() != output.size()) { std::fclose(in); throw std::runtime_error("--run needs an output of the input's shape (an autoencoder)"); }
  std::FILE* out = nullptr;
  if (!a.run_output.empty() && !(out = std::fopen(a.run_output.c_str(), "wb"))) { std::fclose(in); throw std::runtime_error("cannot create " + a.run_output); }
  Ort::RunOptions run_options;
  std::vector<double> mse;
  size_t got;
  bool write_error = false;
  while ((got = std::fread(b.input.data(), sizeof(float), input.size(), in)) == input.size()) {
    session.Run(run_options, b.binding);
    double sum = 0;
    for (size_t i = 0; i < input.size(); ++i) sum += (static_cast<double>(input[i]) - output[i]) * (static_cast<double>(input[i]) - output[i]);
    mse.push_back(sum / input.size());
    if (out && std::fwrite(output.data(), sizeof(float), output.size(), out) != output.size()) { write_error = true; break; }
  }
  std::fclose(in);
  if (out) write_error = std::fclose(out) != 0 || write_error;
  if (write_error) throw std::runtime_error("cannot write " + a.run_output);
  if (got != 0) throw std::runtime_error(a.run_input + " does not hold a whole number of " + std::to_string(input.size()) + "-value windows");
  return mse;
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += c; }
    else if (static_cast<unsigned char>(c) < 0x20) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
    else out += c;
  }
  return out;
}

std::string dims_json(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}

void print_timing(const char* key, const Timing& t, bool last) {
  std::printf("  \"%s\": {\"batch\": %d, \"iters\": %zu, \"median_us\": %.3f, \"p90_us\": %.3f, \"min_us\": %.3f, \"mean_us\": %.3f, "
              "\"per_window_median_us\": %.3f, \"per_window_p90_us\": %.3f}%s\n",
              key, t.batch, t.iters, t.median_us, t.p90_us, t.min_us, t.mean_us, t.median_us / t.batch, t.p90_us / t.batch, last ? "" : ",");
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse_args(argc, argv);
  try {
    // A factory device must not phone home; the harness matches that so both do the same work.
    Ort::Env env(ORT_LOGGING_LEVEL_ERROR, "ort_harness");
    env.DisableTelemetryEvents();

    Ort::SessionOptions options;
    options.SetIntraOpNumThreads(a.threads);
    options.SetInterOpNumThreads(1);
    options.SetExecutionMode(ORT_SEQUENTIAL);
    options.SetGraphOptimizationLevel(GraphOptimizationLevel::ORT_ENABLE_ALL);
    // SessionFactory.DefaultConfigEntries, then --config on top (a later value for a key wins).
    std::vector<std::pair<std::string, std::string>> entries = {
        {"session.intra_op.allow_spinning", "0"}, {"session.inter_op.allow_spinning", "0"}, {"session.x64quantprecision", "1"}};
    for (auto& kv : a.config) {
      auto it = std::find_if(entries.begin(), entries.end(), [&](auto& e) { return e.first == kv.first; });
      if (it != entries.end()) it->second = kv.second; else entries.push_back(kv);
    }
    for (auto& [k, v] : entries) options.AddConfigEntry(k.c_str(), v.c_str());

    Ort::Session session(env, a.model.c_str(), options);
    if (session.GetInputCount() != 1 || session.GetOutputCount() < 1)
      throw std::runtime_error("expected exactly one input and at least one output, got " +
                               std::to_string(session.GetInputCount()) + " inputs");
    Ort::AllocatorWithDefaultOptions allocator;
    std::string in_name = session.GetInputNameAllocated(0, allocator).get();
    std::string out_name = session.GetOutputNameAllocated(0, allocator).get();
    // The shape infos are views into the TypeInfo objects: keep those alive while using them.
    Ort::TypeInfo in_type = session.GetInputTypeInfo(0);
    Ort::TypeInfo out_type = session.GetOutputTypeInfo(0);
    auto in_info = in_type.GetTensorTypeAndShapeInfo();
    auto out_info = out_type.GetTensorTypeAndShapeInfo();
    if (in_info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT || out_info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT)
      throw std::runtime_error("input and output must be float tensors (EdgeAE bundles are float at the boundary)");
    auto in_dims = in_info.GetShape();
    auto out_dims = out_info.GetShape();
    bool dynamic_batch = in_dims.empty() ? false : in_dims[0] <= 0;

    if (!a.run_input.empty()) {
      std::vector<double> mse = run_file(session, in_name, out_name, in_dims, out_dims, a);
      double mean = mse.empty() ? 0 : std::accumulate(mse.begin(), mse.end(), 0.0) / mse.size();
      std::printf("{\"model\": \"%s\", \"ort_version\": \"%s\", \"windows\": %zu, \"mean_mse\": %.9g, \"mse\": [",
                  json_escape(a.model).c_str(), json_escape(Ort::GetVersionString()).c_str(), mse.size(), mean);
      for (size_t i = 0; i < mse.size(); ++i) std::printf("%s%.9g", i ? ", " : "", mse[i]);
      std::printf("]}\n");
      return 0;
    }

    Timing one = time_batch(session, in_name, out_name, in_dims, out_dims, 1, a);
    bool have_batch = dynamic_batch && a.batch > 1;
    Timing many;
    if (have_batch) many = time_batch(session, in_name, out_name, in_dims, out_dims, a.batch, a);

    std::printf("{\n");
    std::printf("  \"model\": \"%s\",\n", json_escape(a.model).c_str());
    std::printf("  \"ort_version\": \"%s\",\n", json_escape(Ort::GetVersionString()).c_str());
    std::printf("  \"threads\": %d,\n", a.threads);
    std::printf("  \"input\": {\"name\": \"%s\", \"dims\": %s},\n", json_escape(in_name).c_str(), dims_json(in_dims).c_str());
    std::printf("  \"output\": {\"name\": \"%s\", \"dims\": %s},\n", json_escape(out_name).c_str(), dims_json(out_dims).c_str());
    if (have_batch) {
      print_timing("batch1", one, false);
      print_timing("batchB", many, true);
    } else {
      // A fixed batch of 1 (or --batch 1): there is no batch-B figure to report.
      print_timing("batch1", one, false);
      std::printf("  \"batchB\": null\n");
    }
    std::printf("}\n");
    return 0;
  } catch (const Ort::Exception& e) {
    std::fprintf(stderr, "ort_harness: error: ONNX Runtime: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ort_harness: error: %s\n", e.what());
    return 1;
  }
}
