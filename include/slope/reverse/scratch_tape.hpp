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
#include <memory>
#include <vector>

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
  static Tape<T>& acquire() {
    thread_local std::vector<std::unique_ptr<Tape<T>>> tapes;
    if (depth() == tapes.size()) tapes.push_back(std::make_unique<Tape<T>>());
    return *tapes[depth()++];
  }
  Tape<T>& tape_;
  TapeScope<T> scope_;
};

}  // namespace slope::detail
