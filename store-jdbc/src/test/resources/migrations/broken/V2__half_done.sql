CREATE TABLE half (id INTEGER);
INSERT INTO no_such_table VALUES (1);
