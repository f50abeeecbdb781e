package dev.cusp.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A CSV export read back: its header and one map per line (the report-service's values hold no comma or quote). */
record CsvRows(List<String> header, List<Map<String, String>> rows) {

    static CsvRows parse(String csv) {
        String[] lines = csv.split("\n", -1);
        if (lines.length < 2 || !lines[lines.length - 1].isEmpty()) {
            throw new AssertionError("CSV must be a header and lines, each ended by a newline; got " + lines.length
                    + " line(s), last '" + lines[lines.length - 1] + "'");
        }
        List<String> header = List.of(lines[0].split(",", -1));
        List<Map<String, String>> rows = new ArrayList<>(lines.length - 2);
        for (int i = 1; i < lines.length - 1; i++) {
            String[] cells = lines[i].split(",", -1);
            if (cells.length != header.size()) {
                throw new AssertionError("CSV line " + (i + 1) + " has " + cells.length + " cells, the header "
                        + header.size() + ": " + Arrays.toString(cells));
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < cells.length; c++) {
                row.put(header.get(c), cells[c]);
            }
            rows.add(row);
        }
        return new CsvRows(header, List.copyOf(rows));
    }
}
