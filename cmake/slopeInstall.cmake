# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
#
# Install rules and the CMake package: find_package(slope CONFIG) gives
# slope::slope. Header-only and architecture-independent, so the package goes
# to share/ rather than lib/.
include(CMakePackageConfigHelpers)

set(SLOPE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/slope"
    CACHE STRING "Where to install slope's CMake package files")

install(DIRECTORY include/slope DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS slope EXPORT slopeTargets)
install(EXPORT slopeTargets
  NAMESPACE slope::
  DESTINATION ${SLOPE_INSTALL_CMAKEDIR})

configure_package_config_file(cmake/slopeConfig.cmake.in
  "${PROJECT_BINARY_DIR}/slopeConfig.cmake"
  INSTALL_DESTINATION ${SLOPE_INSTALL_CMAKEDIR})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/slopeConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion
  ARCH_INDEPENDENT)
install(FILES
  "${PROJECT_BINARY_DIR}/slopeConfig.cmake"
  "${PROJECT_BINARY_DIR}/slopeConfigVersion.cmake"
  DESTINATION ${SLOPE_INSTALL_CMAKEDIR})
