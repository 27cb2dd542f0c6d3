#include "libpm/util/table.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utility>

namespace pm::util {

namespace {

bool continues(unsigned char c) { return (c & 0xC0) == 0x80; }

/// Splits `text` after its first `width` display columns.
std::pair<std::string, std::string> split_at_width(const std::string& text, std::size_t width) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!continues(static_cast<unsigned char>(text[i])) && n++ == width)
      return {text.substr(0, i), text.substr(i)};
  return {text, {}};
}

/// `text` cut to `width` display columns; a series key (`name{tags}`) cut to 20 or more
/// gives way in the middle, so that its tags still tell series of one name apart.
std::string cut_in_middle(const std::string& text, std::size_t width) {
  const std::size_t have = display_width(text);
  const bool key = !text.empty() && text.back() == '}' && text.find('{') != std::string::npos;
  if (have <= width || width < 20 || !key || have != text.size()) // colour or multibyte text: cut at the end
    return cut_to_width(text, width);
  const std::size_t tail = (width - 1) * 2 / 5;
  return text.substr(0, width - 1 - tail) + "…" + text.substr(text.size() - tail);
}

std::vector<std::size_t> column_widths(const Rows& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i)
        widths.push_back(0);
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  return widths;
}

/// Cuts the cells of column `column` by what the table is wider than `width`, to no fewer
/// than `least` display columns.
void shrink(Rows& rows, std::size_t column, std::size_t width, std::size_t least, std::size_t indent) {
  const std::size_t total = table_width(rows, indent);
  if (total <= width || column >= rows.front().size())
    return;
  const std::size_t current = column_widths(rows)[column];
  const std::size_t target = current > total - width ? std::max(least, current - (total - width)) : least;
  for (auto& row : rows)
    if (column < row.size())
      row[column] = cut_in_middle(row[column], target);
}

/// Leaves out the droppable columns (and their flags in `left`) while the table is wider
/// than `width`, each time first trying the shrink column cut to no fewer than
/// `shrink_first`; then cuts the shrink column to no fewer than 12.
void fit(Rows& rows, std::vector<bool>& left, std::size_t width, const TableLayout& layout) {
  auto column_of = [&](std::string_view name) {
    const auto& head = rows.front();
    return static_cast<std::size_t>(std::find(head.begin(), head.end(), name) - head.begin());
  };
  auto fits = [&] {
    if (table_width(rows, layout.indent) <= width)
      return true;
    if (!layout.shrink_first)
      return false;
    Rows cut = rows;
    shrink(cut, column_of(layout.shrink), width, layout.shrink_first, layout.indent);
    if (table_width(cut, layout.indent) > width)
      return false;
    rows = std::move(cut);
    return true;
  };
  if (fits())
    return;
  for (std::string_view name : layout.droppable) {
    const std::size_t column = column_of(name);
    if (column >= rows.front().size())
      continue;
    for (auto& row : rows)
      if (column < row.size())
        row.erase(row.begin() + static_cast<std::ptrdiff_t>(column));
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(column));
    if (fits())
      return;
  }
  shrink(rows, column_of(layout.shrink), width, 12, layout.indent);
}

void append_rows(std::string& out, const Rows& rows, const std::vector<bool>& left, std::size_t indent) {
  const std::vector<std::size_t> widths = column_widths(rows);
  for (const auto& row : rows) {
    std::string line(indent, ' ');
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(widths[i] - display_width(row[i]), ' ');
      line += i < left.size() && left[i] ? row[i] + pad : pad + row[i];
      if (i + 1 < row.size())
        line += "  ";
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line;
    out += '\n';
  }
}

void append_expanded(std::string& out, const Rows& rows, std::size_t width, std::size_t indent) {
  const auto& head = rows.front();
  std::size_t key = 0;
  for (std::size_t i = 1; i < head.size(); ++i)
    key = std::max(key, display_width(head[i]));
  const std::string first(indent, ' ');
  const std::string inner(indent + 2, ' ');
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    append_wrapped(out, first, row[0], inner, width);
    for (std::size_t i = 1; i < row.size() && i < head.size(); ++i)
      if (!row[i].empty())
        append_wrapped(out, inner + head[i] + std::string(key - display_width(head[i]), ' ') + "  ", row[i],
                       std::string(inner.size() + key + 2, ' '), width);
  }
}

} // namespace

std::size_t terminal_width(int fd, const char* columns) {
  if (columns && *columns) {
    auto n = parse_integer(columns);
    if (n && *n > 0)
      return static_cast<std::size_t>(*n);
  }
  winsize size{};
  if (fd >= 0 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 0;
}

std::size_t display_width(std::string_view text) {
  std::size_t n = 0;
  bool escape = false;
  for (unsigned char c : text) {
    if (c == 0x1b)
      escape = true;
    else if (escape)
      escape = c != 'm';
    else if (!continues(c))
      ++n;
  }
  return n;
}

std::string cut_to_width(const std::string& text, std::size_t width) {
  if (display_width(text) <= width || width == 0)
    return text;
  std::string out;
  std::size_t n = 0;
  bool escape = false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0x1b)
      escape = true;
    else if (escape)
      escape = byte != 'm';
    else if (!continues(byte) && ++n == width)
      break;
    out += c;
  }
  return out + "…";
}

void append_wrapped(std::string& out, const std::string& prefix, const std::string& text, const std::string& indent,
                    std::size_t width) {
  std::string line = prefix;
  bool empty = true;                                    // no word on this line yet
  bool spaced = prefix.empty() || prefix.back() == ' '; // a word goes on without a space
  for (std::string_view piece : split(text, ' ')) {
    if (piece.empty())
      continue;
    std::string word(piece);
    if (width > 0 && !empty && display_width(line) + 1 + display_width(word) > width) {
      out += line + "\n";
      line = indent;
      empty = spaced = true;
    }
    std::string gap = spaced ? "" : " ";
    // A word that does not fit on a line of its own fills this one and goes on on the next.
    while (width > 0 && display_width(line) + gap.size() + display_width(word) > width &&
           display_width(indent) + display_width(word) > width && display_width(line) + gap.size() < width) {
      auto [head, rest] = split_at_width(word, width - display_width(line) - gap.size());
      out += line + gap + head + "\n";
      line = indent;
      gap.clear();
      word = std::move(rest);
    }
    line += gap + word;
    empty = spaced = false;
  }
  out += line + "\n";
}

std::size_t table_width(const Rows& rows, std::size_t indent) {
  const auto widths = column_widths(rows);
  std::size_t total = indent;
  for (std::size_t w : widths)
    total += w;
  return widths.empty() ? 0 : total + 2 * (widths.size() - 1);
}

void append_aligned(std::string& out, const Rows& rows, const std::vector<std::size_t>& left, std::size_t indent) {
  std::vector<bool> flags(column_widths(rows).size(), false);
  for (std::size_t i : left)
    if (i < flags.size())
      flags[i] = true;
  append_rows(out, rows, flags, indent);
}

void append_table(std::string& out, Rows rows, std::size_t width, const TableLayout& layout) {
  if (rows.empty())
    return;
  std::vector<bool> left(rows.front().size(), false);
  for (std::size_t i : layout.left)
    if (i < left.size())
      left[i] = true;
  if (width == 0 || table_width(rows, layout.indent) <= width)
    return append_rows(out, rows, left, layout.indent);
  Rows fitted = rows;
  fit(fitted, left, width, layout);
  if (table_width(fitted, layout.indent) <= width)
    append_rows(out, fitted, left, layout.indent);
  else
    append_expanded(out, rows, width, layout.indent);
}

} // namespace pm::util
