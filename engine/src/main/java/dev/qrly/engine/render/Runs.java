package dev.qrly.engine.render;

import dev.qrly.engine.QrSymbol;

/** Walks a symbol's dark modules as maximal horizontal runs, the unit the vector renderers draw. */
final class Runs {

    /** Receives one run: {@code length} dark modules from ({@code x}, {@code y}), in module units. */
    @FunctionalInterface
    interface Visitor {
        void run(int x, int y, int length);
    }

    private Runs() {}

    /** Visits every run, row by row from the top, left to right. */
    static void forEach(QrSymbol symbol, Visitor visitor) {
        int n = symbol.size();
        for (int y = 0; y < n; y++) {
            int x = 0;
            while (x < n) {
                if (!symbol.isDark(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < n && symbol.isDark(x, y)) {
                    x++;
                }
                visitor.run(start, y, x - start);
            }
        }
    }
}
