INSERT INTO notes (body, author) VALUES ('it''s; after V2', 'me');
INSERT INTO notes (body, author) VALUES ('second -- not a comment', 'you')
