// Error policy of the core: a file that cannot be used at all is a zila::Error carrying the path
// (and layer/row where known); bad rows inside a usable file are reported, not thrown.
#pragma once
#include <stdexcept>
#include <string>

namespace zila {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace zila
