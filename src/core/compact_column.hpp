// A column of values held in a narrower type while every value fits it, widened once when one does not.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace zila {

// `Codec::Wide` values held in fewer bytes a row while they allow it: nothing a row while every value
// is the same (a count of 1, dates all known to the day), then `Codec::Narrow` while every value has a
// narrow form that gives back exactly that value, which nearly every event table's values do. The first
// value that has none turns the column into plain `Wide` values, once, so a row's value is always the
// very one stored. A codec is
//   struct { using Wide = ...; using Narrow = ...;
//            static std::optional<Narrow> narrow(Wide); static Wide wide(Narrow); };
// with wide(*narrow(v)) identical to v (bit for bit) wherever narrow(v) has a value.
template <typename Codec>
class CompactColumn {
 public:
  using Wide = typename Codec::Wide;
  using Narrow = typename Codec::Narrow;
  using value_type = Wide;
  enum class Form : uint8_t { uniform, narrow, wide };

  // Row i as an assignable value (ambiguous dates re-read, counts rewritten in place).
  class Reference {
   public:
    Reference(CompactColumn& column, size_t i) : column_(column), i_(i) {}
    operator Wide() const { return std::as_const(column_)[i_]; }
    Reference& operator=(Wide value) {
      column_.set(i_, value);
      return *this;
    }

   private:
    CompactColumn& column_;
    size_t i_;
  };

  // Reads the rows in order (range-for, std algorithms), yielding values.
  class const_iterator {
   public:
    using iterator_concept = std::forward_iterator_tag;
    using iterator_category = std::input_iterator_tag;  // yields values, not references
    using value_type = Wide;
    using difference_type = std::ptrdiff_t;
    const_iterator() = default;
    const_iterator(const CompactColumn* column, size_t i) : column_(column), i_(i) {}
    Wide operator*() const { return (*column_)[i_]; }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++i_;
      return before;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }

   private:
    const CompactColumn* column_ = nullptr;
    size_t i_ = 0;
  };

  CompactColumn() = default;
  CompactColumn(std::initializer_list<Wide> values) {
    reserve(values.size());
    for (Wide v : values) push_back(v);
  }

  // `n` rows of `value` held in `form` (wide where `value` has no narrow form). Held narrow or wide,
  // rows may be set from several threads at once, each row by one thread, with values that keep that
  // form (values with a narrow form, where narrow): nothing but the row then changes.
  static CompactColumn filled(size_t n, Wide value, Form form) {
    CompactColumn column;
    const std::optional<Narrow> v = Codec::narrow(value);
    column.form_ = v ? form : Form::wide;
    switch (column.form_) {
      case Form::uniform: column.uniform_ = *v, column.uniform_size_ = n; break;
      case Form::narrow: column.narrow_.assign(n, *v); break;
      case Form::wide: column.exact_.assign(n, value); break;
    }
    return column;
  }

  Wide operator[](size_t i) const {
    switch (form_) {
      case Form::uniform: return Codec::wide(uniform_);
      case Form::narrow: return Codec::wide(narrow_[i]);
      case Form::wide: break;
    }
    return exact_[i];
  }
  Reference operator[](size_t i) { return Reference(*this, i); }
  Wide back() const { return (*this)[size() - 1]; }
  Reference back() { return Reference(*this, size() - 1); }
  size_t size() const { return form_ == Form::uniform ? uniform_size_ : form_ == Form::narrow ? narrow_.size() : exact_.size(); }
  bool empty() const { return size() == 0; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  // Equal values row by row (columns held differently may be equal); NaN, as for doubles, never is.
  friend bool operator==(const CompactColumn& a, const CompactColumn& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }

  // How the values are held now.
  Form form() const { return form_; }
  // Whether `value` can be held narrow.
  static bool has_narrow_form(Wide value) { return Codec::narrow(value).has_value(); }
  // Whether they take fewer bytes than `Wide` values (uniform or narrow).
  bool compact() const { return form_ != Form::wide; }
  // The common cases, a narrow column and a value with a narrow form or a uniform column and its value
  // again, are inlined into the caller (a per-row call in the CSV reader); every other case takes
  // push_back_rare.
  void push_back(Wide value) {
    if (form_ != Form::wide) {
      if (const std::optional<Narrow> v = Codec::narrow(value)) [[likely]] {
        if (form_ == Form::narrow) {
          narrow_.push_back(*v);
          return;
        }
        if (uniform_size_ != 0 && *v == uniform_) {
          ++uniform_size_;
          return;
        }
      }
    }
    push_back_rare(value);
  }
  // A value a reader parsed straight to its narrow form (one Codec::narrow gives): stored as
  // push_back(Codec::wide(v)) stores it, without narrowing it again.
  void push_back_narrow(Narrow v) {
    if (form_ == Form::narrow) [[likely]] {
      narrow_.push_back(v);
      return;
    }
    push_back_rare(Codec::wide(v));
  }
  void set(size_t i, Wide value) {
    if (form_ != Form::wide) {
      if (const std::optional<Narrow> v = Codec::narrow(value)) {
        if (form_ == Form::uniform && *v == uniform_) return;
        if (form_ == Form::uniform) spell_out();
        narrow_[i] = *v;
        return;
      }
      widen();
    }
    exact_[i] = value;
  }
  void append(const CompactColumn& other) {
    if (other.empty()) return;
    if (form_ == Form::uniform && other.form_ == Form::uniform && (empty() || uniform_ == other.uniform_)) {
      uniform_ = other.uniform_;
      uniform_size_ += other.uniform_size_;
      return;
    }
    if (form_ != Form::wide && other.form_ != Form::wide) {
      if (form_ == Form::uniform) spell_out();
      if (other.form_ == Form::uniform) narrow_.insert(narrow_.end(), other.uniform_size_, other.uniform_);
      else narrow_.insert(narrow_.end(), other.narrow_.begin(), other.narrow_.end());
      return;
    }
    if (form_ != Form::wide) widen();
    exact_.reserve(exact_.size() + other.size());
    for (size_t i = 0; i < other.size(); ++i) exact_.push_back(other[i]);
  }
  // Room for n rows held narrow (or wide, once wide): untouched, it costs no memory while uniform.
  void reserve(size_t n) {
    if (form_ == Form::wide) exact_.reserve(n);
    else narrow_.reserve(n);
  }
  void clear() {
    narrow_.clear(), exact_.clear();
    uniform_size_ = 0;
    form_ = Form::uniform;
  }
  // The bytes of storage reserved.
  size_t capacity_bytes() const { return form_ == Form::wide ? exact_.capacity() * sizeof(Wide) : narrow_.capacity() * sizeof(Narrow); }

 private:
  [[gnu::noinline]] void push_back_rare(Wide value) {
    if (form_ != Form::wide) {
      if (const std::optional<Narrow> v = Codec::narrow(value)) {
        if (form_ == Form::narrow) return narrow_.push_back(*v);
        if (uniform_size_ == 0) uniform_ = *v;
        if (*v == uniform_) {
          ++uniform_size_;
          return;
        }
        spell_out();
        return narrow_.push_back(*v);
      }
      widen();
    }
    exact_.push_back(value);
  }
  // From uniform to narrow: one value a row.
  void spell_out() {
    narrow_.reserve(uniform_size_ + 1);
    narrow_.assign(uniform_size_, uniform_);
    uniform_size_ = 0;
    form_ = Form::narrow;
  }
  void widen() {
    if (form_ == Form::uniform) spell_out();
    exact_.reserve(std::max(narrow_.capacity(), narrow_.size() + 1));
    for (const Narrow v : narrow_) exact_.push_back(Codec::wide(v));
    narrow_ = {};
    form_ = Form::wide;
  }
  std::vector<Narrow> narrow_;
  std::vector<Wide> exact_;
  size_t uniform_size_ = 0;  // rows, all `uniform_`, while uniform
  Narrow uniform_{};
  Form form_ = Form::uniform;
};

// A codec for whole numbers held in the narrower integer type `N` while they fit in it. `W`'s largest
// value, the usual "none" (kNoPlace), stands as N's largest; N's largest itself therefore does not fit.
template <typename W, typename N>
struct NarrowInteger {
  using Wide = W;
  using Narrow = N;
  static constexpr W kWideNone = std::numeric_limits<W>::max();
  static constexpr N kNarrowNone = std::numeric_limits<N>::max();
  static std::optional<N> narrow(W value) {
    if (value == kWideNone) return kNarrowNone;
    if (!std::in_range<N>(value) || static_cast<N>(value) == kNarrowNone) return std::nullopt;
    return static_cast<N>(value);
  }
  static W wide(N value) { return value == kNarrowNone ? kWideNone : static_cast<W>(value); }
};

// A codec for values already one byte or so (an enum): held as they are, the column saves only while uniform.
template <typename T>
struct AsIs {
  using Wide = T;
  using Narrow = T;
  static std::optional<T> narrow(T value) { return value; }
  static T wide(T value) { return value; }
};

}  // namespace zila
