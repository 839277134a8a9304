// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Binomial checkpointing of loops (slope/reverse/revolve.hpp): Revolve's schedule against
// Griewank and Walther's bound t(N, S), simulated step by step; checkpoint_loop's gradients
// against the plain tape (10^3 to 10^5 steps, several S), finite differences and forward
// mode; Hessians; bounded memory; repeated sweeps; edge cases, errors and threads.

#include <Eigen/Dense>

#include <cmath>
#include <cstddef>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "slope/reverse/checkpoint.hpp"
#include "support/matrix_check.hpp"

namespace test_reverse_revolve {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

namespace {

using Action = slope::Revolve::Action;

// What a schedule did, performed on positions instead of states.
struct Simulated {
  std::size_t advances = 0;  // forward steps without recording
  std::size_t most_stored = 0;
  bool consistent = true;  // every action met the state where the schedule said it would be
};

Simulated simulate(std::size_t steps, std::size_t snapshots) {
  slope::Revolve schedule(steps, snapshots);
  Simulated result;
  std::vector<std::size_t> slots(snapshots, steps + 1);
  std::size_t position = 0;     // of the current state
  std::size_t to_reverse = steps;  // steps [0, to_reverse) not yet reversed
  bool first = true;
  for (Action a = schedule.next(); a != Action::terminate; a = schedule.next()) {
    result.most_stored = std::max(result.most_stored, schedule.stored());
    switch (a) {
      case Action::takeshot:
        result.consistent = result.consistent && schedule.slot() < snapshots && schedule.capo() == position;
        slots.at(schedule.slot()) = position;
        break;
      case Action::advance:
        result.consistent = result.consistent && schedule.capo() > position && schedule.capo() < to_reverse;
        result.advances += schedule.capo() - position;
        position = schedule.capo();
        break;
      case Action::restore:
        position = slots.at(schedule.slot());
        result.consistent = result.consistent && position == schedule.capo();
        break;
      case Action::firsturn:
      case Action::youturn:
        // the last unreversed step, from its own state; the first turn comes first
        result.consistent = result.consistent && (a == Action::firsturn) == first && position == schedule.capo() &&
                            position + 1 == to_reverse;
        first = false;
        --to_reverse;
        break;
      case Action::terminate:
        break;
    }
  }
  result.consistent = result.consistent && to_reverse == 0;
  return result;
}

// A loop to differentiate: explicit Euler for 4 bistable units coupled through their mean and
// driven by a time-dependent force (so that a wrong k would show),
//   x_i' = x_i - x_i^3 + kappa (mean(x) - x_i) + b_i cos(0.01 k),  h = 0.01;
// the loss ||x_N||^2 / 2 + sum x_N, of z = (x_0, b, kappa) (9 inputs).
constexpr Eigen::Index kState = 4;
struct Bistable {
  double h = 0.01;
  template <class X, class B, class K>
  auto operator()(const X& x, std::size_t k, const B& b, const K& kappa) const {
    const double forcing = std::cos(0.01 * static_cast<double>(k));
    const auto mean = x.mean();
    const auto a = x.array();
    return (a + h * (a - a * a.square() + kappa * (mean - a) + forcing * b.array())).matrix().eval();
  }
};

template <class X>
auto loss_of_state(const X& x) {
  return 0.5 * x.squaredNorm() + x.sum();
}

// The loop recorded step by step on one tape (the plain tape), or on Eigen/Dual values.
struct PlainLoop {
  std::size_t steps;
  template <class Z>
  auto operator()(const Z& z) const {
    auto x = z.head(kState).eval();
    for (std::size_t k = 0; k < steps; ++k) x = Bistable{}(x, k, z.segment(kState, kState), z[2 * kState]);
    return ScalarOf<Z>(loss_of_state(x));
  }
};

// The same loop through checkpoint_loop.
struct CheckpointedLoop {
  std::size_t steps;
  std::size_t snapshots;
  slope::LoopCheckpointStats* stats = nullptr;
  template <class Z>
  auto operator()(const Z& z) const {
    const auto x = slope::checkpoint_loop(Bistable{}, z.head(kState), {.steps = steps, .snapshots = snapshots, .stats = stats},
                                          z.segment(kState, kState), z[2 * kState]);
    return ScalarOf<Z>(loss_of_state(x));
  }
};

const Eigen::VectorXd kZ = (Eigen::VectorXd(2 * kState + 1) << 0.9, -0.3, 0.2, -1.1, 0.05, -0.1, 0.2, 0.15, 0.4).finished();

Eigen::VectorXd point(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  Eigen::VectorXd z = kZ;
  for (Eigen::Index i = 0; i < z.size(); ++i) z[i] += u(rng);
  return z;
}

bool close_to(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double tolerance) {
  return ((a - b).cwiseAbs().array() <= tolerance * b.cwiseAbs().array().max(1.0)).all();
}

}  // namespace

// ---------------------------------------------------------------- the schedule

TEST_CASE("Revolve reverses every loop with exactly t(N, S) forward steps", "[checkpoint][revolve]") {
  std::vector<std::pair<std::size_t, std::size_t>> cases;
  for (std::size_t n = 0; n <= 300; ++n) {
    for (std::size_t s = 1; s <= 12; ++s) cases.emplace_back(n, s);
  }
  for (auto [n, s] : {std::pair<std::size_t, std::size_t>{10000, 5}, {10000, 50}, {100000, 10}, {100000, 100}, {1000, 2000}}) {
    cases.emplace_back(n, s);
  }
  for (auto [n, s] : cases) {
    INFO("N = " << n << ", S = " << s);
    const Simulated run = simulate(n, s);
    CHECK(run.consistent);
    CHECK(run.most_stored <= s);
    const std::size_t r = slope::Revolve::repetitions(n, s);
    CHECK(run.advances == slope::Revolve::minimal_advances(n, s));  // the fewest possible
    CHECK(run.advances <= r * n);                                       // no step runs more than r times
  }
}

TEST_CASE("Revolve's binomial numbers and bounds, by hand", "[checkpoint][revolve]") {
  CHECK(slope::Revolve::beta(100, 2) == 5151);
  CHECK(slope::Revolve::beta(100, 3) == 176851);
  CHECK(slope::Revolve::beta(100, 4) == 4598126);
  CHECK(slope::Revolve::beta(3, -1) == 0);
  CHECK(slope::Revolve::beta(-1, 3) == 0);
  CHECK(slope::Revolve::beta(2000, 2000) == std::numeric_limits<std::uint64_t>::max());  // saturates
  CHECK(slope::Revolve::repetitions(5151, 100) == 2);
  CHECK(slope::Revolve::repetitions(5152, 100) == 3);
  CHECK(slope::Revolve::repetitions(1000000, 100) == 4);
  // One snapshot: every state recomputed from x_0, N (N - 1) / 2 steps.
  CHECK(slope::Revolve::minimal_advances(10, 1) == 45);
  CHECK(slope::Revolve::minimal_advances(1000, 1) == 499500);
  // Enough snapshots: one forward sweep to x_{N-1}.
  CHECK(slope::Revolve::minimal_advances(10, 10) == 9);
  CHECK(slope::Revolve::minimal_advances(1, 1) == 0);
  CHECK(slope::Revolve::minimal_advances(0, 3) == 0);
  // N = 3, S = 2: x_0, x_1 stored, x_2 computed: 2 steps.
  CHECK(slope::Revolve::minimal_advances(3, 2) == 2);
  CHECK_THROWS_WITH(slope::Revolve(10, 0), slope_test::Contains("slope::Revolve"));
}

// ---------------------------------------------------------------- checkpoint_loop

TEST_CASE("checkpoint_loop: the plain tape's gradient on 10^3 to 10^5 steps", "[checkpoint][revolve]") {
  struct Case {
    std::size_t steps;
    std::vector<std::size_t> snapshots;
  };
  std::mt19937 rng(7);
  for (const Case& c : {Case{1000, {1, 2, 10, 100, 5000}}, Case{10000, {3, 10, 100}}, Case{100000, {10, 100}}}) {
    const Eigen::VectorXd z = point(rng);
    const slope::ValueAndGradient plain = slope::value_and_gradient(PlainLoop{c.steps}, z);
    for (std::size_t s : c.snapshots) {
      INFO("N = " << c.steps << ", S = " << s);
      slope::LoopCheckpointStats stats;
      const slope::ValueAndGradient checkpointed = slope::value_and_gradient(CheckpointedLoop{c.steps, s, &stats}, z);
      CHECK(checkpointed.value == Approx(plain.value).epsilon(1e-13));
      CHECK(close_to(checkpointed.gradient, plain.gradient, 1e-11));
      CHECK(stats.recorded_steps == c.steps);  // each step recorded once
      CHECK(stats.advances == slope::Revolve::minimal_advances(c.steps, s) + 1);  // + x_N's step
      CHECK(stats.stored_states <= s);
    }
  }
}

TEST_CASE("checkpoint_loop: finite differences, forward mode, and the loop inside Eigen code", "[checkpoint][revolve]") {
  // check_everywhere: reverse against central differences and forward mode (where the loop runs
  // on Dual vectors, without checkpoints), and the functional API against a tape of our own.
  check_everywhere(CheckpointedLoop{300, 7}, {2 * kState + 1, -0.5, 1.0});
  // x_0 a constant (Eigen), only the parameters differentiated; the step calling checkpoint.
  check_everywhere(
      [](const auto& z) {
        const Eigen::VectorXd x0 = kZ.head(kState);
        const auto step = [](const auto& x, std::size_t k, const auto& b, const auto& kappa) {
          return slope::checkpoint([k](const auto& y, const auto& c, const auto& q) { return Bistable{}(y, k, c, q); }, x, b, kappa);
        };
        const auto x = slope::checkpoint_loop(step, x0, {.steps = 200, .snapshots = 4}, z.head(kState), z[kState]);
        return ScalarOf<decltype(z)>(loss_of_state(x));
      },
      {kState + 1, -0.5, 1.0});
}

TEST_CASE("checkpoint_loop: Hessians by forward over reverse equal the plain loop's", "[checkpoint][revolve]") {
  std::mt19937 rng(11);
  for (int p = 0; p < 3; ++p) {
    const Eigen::VectorXd z = point(rng);
    const Eigen::MatrixXd plain = slope::hessian(PlainLoop{300}, z);
    const Eigen::MatrixXd checkpointed = slope::hessian(CheckpointedLoop{300, 5}, z);
    CHECK(checkpointed.isApprox(plain, 1e-12));
    const Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(z.size(), -1.0, 1.0);
    CHECK(slope::hvp(CheckpointedLoop{300, 3}, z, v).isApprox(plain * v, 1e-12));
    // and against differences of the gradient
    const Eigen::MatrixXd fd = slope::fd::jacobian([](const Eigen::VectorXd& y) { return slope::gradient(CheckpointedLoop{300, 5}, y); }, z);
    CHECK(close_to(checkpointed, fd, 1e-6));
  }
}

TEST_CASE("checkpoint_loop: the tape stays the same size whatever N, while the plain tape grows with N", "[checkpoint][revolve]") {
  std::vector<std::size_t> outer_bytes, step_bytes, outer_variables;
  for (std::size_t steps : {std::size_t{1000}, std::size_t{100000}}) {
    slope::Tape<double> tape;
    slope::TapeScope scope(tape);
    const VarVector<double> z = slope::make_variables(tape, kZ);
    slope::LoopCheckpointStats stats;
    const Var<double> loss = CheckpointedLoop{steps, 20, &stats}(z);
    tape.backward(loss);
    outer_bytes.push_back(tape.bytes());
    outer_variables.push_back(tape.variables());
    step_bytes.push_back(stats.step_tape_bytes);
    CHECK(tape.nodes() <= 4);  // the loop, the sum and the norm
    CHECK(stats.state_bytes <= (20 + 3) * kState * sizeof(double));
  }
  CHECK(outer_bytes[0] == outer_bytes[1]);
  CHECK(outer_variables[0] == outer_variables[1]);
  CHECK(step_bytes[0] == step_bytes[1]);
  // The step tape's figure is what one step records, not what the reused step tape holds: the
  // same after a loop whose steps recorded 100 times more.
  {
    const auto long_step = [](const auto& x, std::size_t, const auto&) {
      auto y = x.eval();
      for (int r = 0; r < 100; ++r) y = (y.array() * 0.999 + 0.001).matrix().eval();
      return y;
    };
    slope::Tape<double> tape;
    slope::TapeScope scope(tape);
    const VarVector<double> z = slope::make_variables(tape, kZ);
    slope::LoopCheckpointStats long_stats;
    const auto x = slope::checkpoint_loop(long_step, z.head(kState), {.steps = 10, .snapshots = 3, .stats = &long_stats},
                                          z.segment(kState, kState));
    tape.backward(Var<double>(x.sum()));
    CHECK(long_stats.step_tape_bytes > 10 * step_bytes[0]);
    slope::LoopCheckpointStats stats;
    tape.clear();
    const VarVector<double> z2 = slope::make_variables(tape, kZ);
    tape.backward(CheckpointedLoop{1000, 20, &stats}(z2));
    CHECK(stats.step_tape_bytes == step_bytes[0]);
  }
  // The plain tape: one step's recording per step.
  std::vector<std::size_t> plain_bytes;
  for (std::size_t steps : {std::size_t{1000}, std::size_t{10000}}) {
    slope::Tape<double> plain;
    slope::TapeScope scope(plain);
    const VarVector<double> z = slope::make_variables(plain, kZ);
    const Var<double> loss = PlainLoop{steps}(z);
    CHECK(plain.variables() > steps * kState);
    plain_bytes.push_back(plain.bytes());
    (void)loss;
  }
  CHECK(plain_bytes[0] > 20 * (outer_bytes[0] + step_bytes[0]));
  CHECK(plain_bytes[1] > 100 * (outer_bytes[0] + step_bytes[0]));
}

TEST_CASE("checkpoint_loop: several sweeps of one recording (Jacobian rows) agree", "[checkpoint][revolve]") {
  const auto plain = [](const auto& z) {
    auto x = z.head(kState).eval();
    for (std::size_t k = 0; k < 150; ++k) x = Bistable{}(x, k, z.segment(kState, kState), z[2 * kState]);
    return x;
  };
  slope::LoopCheckpointStats stats;
  const auto checkpointed = [&stats](const auto& z) {
    return slope::checkpoint_loop(Bistable{}, z.head(kState), {.steps = 150, .snapshots = 6, .stats = &stats}, z.segment(kState, kState),
                                  z[2 * kState]);
  };
  const Eigen::MatrixXd expected = slope::jacobian(plain, kZ);
  const Eigen::MatrixXd jac = slope::jacobian(checkpointed, kZ);  // 4 sweeps of one recording
  CHECK(jac.isApprox(expected, 1e-12));
  CHECK(stats.recorded_steps == 4 * 150);
  const Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(kState, 0.5, 2.0);
  CHECK(slope::vjp(checkpointed, kZ, w).isApprox(expected.transpose() * w, 1e-12));
}

TEST_CASE("checkpoint_loop: edge cases", "[checkpoint][revolve]") {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> z = slope::make_variables(tape, kZ);
  const VarVector<double> x0 = z.head(kState), b = z.segment(kState, kState);
  const Var<double> kappa = z[2 * kState];
  SECTION("N = 0 returns x0 itself") {
    const VarVector<double> x = slope::checkpoint_loop(Bistable{}, x0, {.steps = 0, .snapshots = 1}, b, kappa);
    CHECK(x.first() == x0.first());
    CHECK(tape.nodes() == 0);
  }
  SECTION("N = 1 and more snapshots than steps") {
    for (std::size_t steps : {std::size_t{1}, std::size_t{2}, std::size_t{5}}) {
      tape.zero_adjoints();
      const VarVector<double> x = slope::checkpoint_loop(Bistable{}, x0, {.steps = steps, .snapshots = 50}, b, kappa);
      const Var<double> loss = loss_of_state(x);
      tape.backward(loss);
      const Eigen::VectorXd g = z.adjoints();
      CHECK(g.isApprox(slope::gradient(PlainLoop{steps}, kZ), 1e-13));
    }
  }
  SECTION("constant parameters (numbers, an Eigen vector) and a step that ignores the state") {
    const Eigen::VectorXd b_value = kZ.segment(kState, kState);
    const VarVector<double> x = slope::checkpoint_loop(Bistable{}, x0, {.steps = 40, .snapshots = 3}, b_value, 0.4);
    const Var<double> loss = loss_of_state(x);
    tape.backward(loss);
    Eigen::VectorXd with_constants = kZ;
    const Eigen::VectorXd expected = slope::gradient(
        [&](const auto& y) {
          auto s = y.eval();
          for (std::size_t k = 0; k < 40; ++k) s = Bistable{}(s, k, b_value, 0.4);
          return ScalarOf<decltype(y)>(loss_of_state(s));
        },
        kZ.head(kState));
    CHECK(x0.adjoints().isApprox(expected, 1e-13));
    CHECK(b.adjoints().isZero());
    tape.zero_adjoints();
    const auto drift = [](const auto&, std::size_t, const auto& c) { return (2.0 * c).eval(); };  // x_{k+1} = 2 b
    const VarVector<double> y = slope::checkpoint_loop(drift, x0, {.steps = 5, .snapshots = 2}, b);
    tape.backward(Var<double>(y.sum()));
    CHECK(x0.adjoints().isZero());
    CHECK(b.adjoints().isApprox(Eigen::VectorXd::Constant(kState, 2.0)));
  }
  SECTION("all constants: the loop runs plainly, nothing is recorded") {
    const Eigen::VectorXd start = kZ.head(kState), b_value = kZ.segment(kState, kState);
    const Eigen::VectorXd x = slope::checkpoint_loop(Bistable{}, start, {.steps = 30, .snapshots = 2}, b_value, 0.4);
    Eigen::VectorXd expected = start;
    for (std::size_t k = 0; k < 30; ++k) expected = Bistable{}(expected, k, b_value, 0.4);
    CHECK(x == expected);
    const std::size_t variables = tape.variables();
    const VarVector<double> passive =
        slope::checkpoint_loop(Bistable{}, start, {.steps = 30, .snapshots = 2}, slope::VarVector<double>(b_value), Var<double>(0.4));
    CHECK(!passive.is_active());
    CHECK(passive.values() == expected);
    CHECK(tape.variables() == variables);
  }
}

TEST_CASE("checkpoint_loop: bad arguments throw std::invalid_argument naming it", "[checkpoint][revolve]") {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> z = slope::make_variables(tape, kZ);
  const VarVector<double> x0 = z.head(kState), b = z.segment(kState, kState);
  const Var<double> kappa = z[2 * kState];
  using slope_test::Contains;
  CHECK_THROWS_AS(slope::checkpoint_loop(Bistable{}, x0, {.steps = 10, .snapshots = 0}, b, kappa), std::invalid_argument);
  CHECK_THROWS_WITH(slope::checkpoint_loop(Bistable{}, x0, {.steps = 10, .snapshots = 0}, b, kappa), Contains("slope::checkpoint_loop"));
  CHECK_THROWS_WITH(slope::checkpoint_loop(Bistable{}, z.head(8).reshaped(4, 2), {.steps = 10, .snapshots = 2}, b, kappa),
                    Contains("slope::checkpoint_loop: x0 must be a vector"));
  CHECK_THROWS_WITH(slope::checkpoint_loop(Bistable{}, x0, {.steps = 10, .snapshots = 2}, z.head(8).reshaped(4, 2), kappa),
                    Contains("slope::checkpoint_loop: a matrix parameter"));
  const auto shrink = [](const auto& x, std::size_t, const auto&) { return x.head(2).eval(); };
  CHECK_THROWS_WITH(slope::checkpoint_loop(shrink, x0, {.steps = 10, .snapshots = 2}, b),
                    Contains("slope::checkpoint_loop: step must return a vector of the size of x0"));
}

TEST_CASE("checkpoint_loop on several threads gives the serial gradients bit for bit", "[checkpoint][revolve]") {
  std::mt19937 rng(3);
  std::vector<Eigen::VectorXd> points;
  for (int p = 0; p < 4; ++p) points.push_back(point(rng));
  std::vector<Eigen::VectorXd> serial, parallel(points.size());
  for (const Eigen::VectorXd& z : points) serial.push_back(slope::gradient(CheckpointedLoop{2000, 9}, z));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < points.size(); ++t) {
    threads.emplace_back([&, t] { parallel[t] = slope::gradient(CheckpointedLoop{2000, 9}, points[t]); });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t t = 0; t < points.size(); ++t) CHECK(parallel[t] == serial[t]);
}

}  // namespace test_reverse_revolve
