-- The console language a user chose (a BCP 47 tag with a bundle: 'en' or 'zh'); NULL means the
-- node's default (console.language in hotline.json), else the browser's.
ALTER TABLE users ADD COLUMN language TEXT;
