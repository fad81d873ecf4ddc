package com.callimport.customertext;

/**
 * The limits on text a customer sends: PostgreSQL refuses the NUL character in text, and no name or secret
 * is megabytes long. Each check throws an {@link IllegalArgumentException} whose message starts with the
 * field and says what to send; it never echoes the value, which may be a secret or a megabyte.
 */
public final class CustomerText {
    /** Organization and connection names. */
    public static final int NAME_CHARACTERS = 200;
    /** One credential value: API keys and secrets, access tokens and signed JWTs all fit with room to spare. */
    public static final int CREDENTIAL_CHARACTERS = 4096;
    /** One setting's value. */
    public static final int SETTING_CHARACTERS = 1000;

    private CustomerText() {
    }

    /** A name shown back to people: no control characters, at most {@link #NAME_CHARACTERS}; stripped. */
    public static String name(String field, String value) {
        String stripped = within(field, value, NAME_CHARACTERS).strip();
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + ": a name cannot hold control characters such as NUL (\\u0000), "
                    + "tabs or line breaks; remove them");
        }
        return stripped;
    }

    /** Any other text: no NUL, at most {@code maxCharacters}. */
    public static String within(String field, String value, int maxCharacters) {
        if (value.length() > maxCharacters) {
            throw new IllegalArgumentException(field + ": at most " + String.format("%,d", maxCharacters) + " characters, not "
                    + String.format("%,d", value.length()) + "; shorten it");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException(field + ": contains the NUL character (\\u0000), which cannot be stored; remove it");
        }
        return value;
    }
}
