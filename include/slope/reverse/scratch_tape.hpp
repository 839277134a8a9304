// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// ScratchTape<T>: this thread's tapes for recordings that slope makes itself (the functional
// API's gradients, a checkpoint's recording run again), one per nesting depth, kept between
// uses so that their memory is reused. Acquiring one clears it and makes it the active tape
// until it goes out of scope; a recording made while another is in progress (a function that
// calls slope::gradient, a checkpoint inside a checkpoint) takes the next depth.
//
//     slope::detail::ScratchTape<double> tape;   // cleared, active on this thread
//     slope::Var<double> x = tape->variable(2.0);

#include <cstddef>

#include "slope/reverse/tape.hpp"

namespace slope::detail {

template <class T>
class ScratchTape {
 public:
  ScratchTape() : tape_(acquire()), scope_(tape_) { tape_.clear(); }
  ScratchTape(const ScratchTape&) = delete;
  ScratchTape& operator=(const ScratchTape&) = delete;
  ~ScratchTape() { --depth(); }
  Tape<T>& operator*() { return tape_; }
  Tape<T>* operator->() { return &tape_; }

 private:
  static std::size_t& depth() {
    thread_local std::size_t d = 0;
    return d;
  }
  // The tape of one nesting depth, owning the next deeper one's (created when first needed).
  struct Level {
    Tape<T> tape;
    Level* deeper = nullptr;
    Level() = default;
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;
    // Out of line: inlined, this recursion (a level deletes the next, whose destructor is this
    // one) was expanded several levels deep in every translation unit that takes a gradient,
    // 1.4 % of the compiler's instructions for a one-gradient translation unit.
    [[gnu::noinline]] ~Level() { delete deeper; }
  };
  static Tape<T>& acquire() {
    thread_local Level outermost;
    Level* level = &outermost;
    for (std::size_t d = depth(); d > 0; --d) {  // the levels above are in use
      if (level->deeper == nullptr) level->deeper = new Level;
      level = level->deeper;
    }
    ++depth();
    return level->tape;
  }
  Tape<T>& tape_;
  TapeScope<T> scope_;
};

}  // namespace slope::detail
