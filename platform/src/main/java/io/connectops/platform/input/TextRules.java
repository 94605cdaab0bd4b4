package io.connectops.platform.input;

/** What every service accepts in text, in bodies, paths and query parameters alike. */
public final class TextRules {

    private TextRules() {
    }

    /**
     * True when {@code text} holds a C0 control character (U+0000 to U+001F) other than tab, line feed and carriage
     * return, or DEL. PostgreSQL refuses NUL outright; the others only ever come from a bug or an attack.
     */
    public static boolean hasControlCharacter(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
