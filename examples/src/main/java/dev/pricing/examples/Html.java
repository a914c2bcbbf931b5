package dev.pricing.examples;

/**
 * Renders the demo's Markdown report as a small self-contained HTML page: headings, paragraphs, images
 * and pipe tables (the only constructs the report uses). Stateless.
 */
final class Html {
  private Html() {}

  static String fromMarkdownTables(String md) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Pricing demo report"
        + "</title><style>body{font-family:sans-serif;max-width:960px;margin:2em auto}table{border-collapse:collapse}"
        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}"
        + "img{max-width:100%}</style></head><body>\n");
    boolean inTable = false;
    boolean header = false;
    for (String line : md.split("\n")) {
      if (line.startsWith("|")) {
        String[] cells = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("\\|", -1);
        if (line.matches("\\|[-| :]+\\|?")) {
          continue;
        }
        if (!inTable) {
          html.append("<table>\n");
          inTable = true;
          header = true;
        }
        html.append("<tr>");
        for (String c : cells) {
          String tag = header ? "th" : "td";
          html.append('<').append(tag).append('>').append(escape(c.trim())).append("</").append(tag).append('>');
        }
        html.append("</tr>\n");
        header = false;
        continue;
      }
      if (inTable) {
        html.append("</table>\n");
        inTable = false;
      }
      if (line.startsWith("## ")) {
        html.append("<h2>").append(escape(line.substring(3))).append("</h2>\n");
      } else if (line.startsWith("# ")) {
        html.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
      } else if (line.startsWith("![")) {
        String alt = line.substring(2, line.indexOf(']'));
        String src = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
        html.append("<p><img alt=\"").append(escape(alt)).append("\" src=\"").append(escape(src)).append("\"></p>\n");
      } else if (!line.isBlank()) {
        html.append("<p>").append(escape(line)).append("</p>\n");
      }
    }
    if (inTable) {
      html.append("</table>\n");
    }
    return html.append("</body></html>\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
