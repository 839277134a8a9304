# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
#
# cmake -D SOURCE_DIR=... -D BINARY_DIR=... -D INITIAL_CACHE=... \
#       -D GENERATOR=... -D CONFIG=... -P build_consumer.cmake
# Configures a consumer project in a fresh build directory, builds it and runs
# its `consumer` program. Any failing step fails the test.
file(REMOVE_RECURSE "${BINARY_DIR}")

execute_process(
  COMMAND "${CMAKE_COMMAND}" -C "${INITIAL_CACHE}" -G "${GENERATOR}"
          -S "${SOURCE_DIR}" -B "${BINARY_DIR}"
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(
  COMMAND "${CMAKE_COMMAND}" --build "${BINARY_DIR}" --config "${CONFIG}"
  COMMAND_ERROR_IS_FATAL ANY)

# Single-config generators put it at the top, multi-config ones in <CONFIG>/.
foreach(candidate IN ITEMS "${BINARY_DIR}/consumer" "${BINARY_DIR}/${CONFIG}/consumer")
  if(EXISTS "${candidate}")
    execute_process(COMMAND "${candidate}" COMMAND_ERROR_IS_FATAL ANY)
    return()
  endif()
endforeach()
message(FATAL_ERROR "no consumer program in ${BINARY_DIR}")
