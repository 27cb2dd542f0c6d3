// Text for people on a terminal: the display width of UTF-8 text, cutting and wrapping it
// to a width, and tables fitted to the width (pm-report's text, pm-predict's table).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pm::util {

/// The width text for people fits in: `columns` ($COLUMNS) when it is a positive number,
/// as ls reads it, else the width of the terminal `fd` (-1: none), else 0 (no limit).
std::size_t terminal_width(int fd, const char* columns);

/// Display width of UTF-8 text: code points (the block and µ characters are narrow), not
/// counting colour escapes (ESC ... m).
std::size_t display_width(std::string_view text);

/// `text` cut to `width` display columns, its end replaced by "…" when cut (0: not cut).
std::string cut_to_width(const std::string& text, std::size_t width);

/// Appends `text` after `prefix`, broken at spaces so that no line is wider than `width`
/// (0: no limit); the lines after the first start with `indent`. A word wider than a line
/// is broken across lines, never cut.
void append_wrapped(std::string& out, const std::string& prefix, const std::string& text, const std::string& indent,
                    std::size_t width);

/// Rows of cells; in a table the first row is the head.
using Rows = std::vector<std::vector<std::string>>;

/// How a table gives way when it is wider than the terminal.
struct TableLayout {
  std::vector<std::string_view> droppable; ///< columns left out, in this order, while too wide
  std::string_view shrink;                 ///< then this column's cells are cut (to no fewer than 12; a series key cut to 20 or more, in the middle)
  std::size_t shrink_first = 0;            ///< before each column left out, try it cut to no fewer than this (0: not)
  std::vector<std::size_t> left = {0};     ///< the columns aligned left; the others right
  std::size_t indent = 2;                  ///< spaces before each line
};

/// The width of `rows` laid out with two spaces between columns after `indent` spaces.
std::size_t table_width(const Rows& rows, std::size_t indent = 2);

/// Appends `rows` aligned (the columns in `left` to the left, the others to the right),
/// without fitting them to a width.
void append_aligned(std::string& out, const Rows& rows, const std::vector<std::size_t>& left, std::size_t indent = 2);

/// Appends the table `rows` to fit `width` (0: no limit): the columns of
/// `layout.droppable` are left out while it is too wide (unless cutting `layout.shrink` to
/// `layout.shrink_first` makes it fit), then `layout.shrink` is cut further; a table that still does
/// not fit is shown as psql's expanded display does, one block per row (its first cell,
/// then a line per other column, long values broken across lines), nothing left out.
void append_table(std::string& out, Rows rows, std::size_t width, const TableLayout& layout);

} // namespace pm::util
