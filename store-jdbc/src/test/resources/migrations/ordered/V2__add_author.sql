ALTER TABLE notes ADD COLUMN author TEXT;
/* a block comment; with a semicolon */
CREATE INDEX notes_author ON notes (author);
