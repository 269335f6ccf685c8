//! Code page PC858 (PC850 with € at 0xD5): the bytes a printer prints Spanish with. Used to
//! keep text printable before encoding and to decode printed bytes back in tests and previews.

/// Characters 0x80–0xFF of PC858 (checked entry by entry against Python's `cp858` codec;
/// escpos 0.20's own table has no ¿ and puts ® at 0xA8, ¿'s place, so Caja encodes text itself).
pub const PC858_HIGH: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', 'ø', '£', 'Ø', '×', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '®', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', 'Á', 'Â', 'À', '©', '╣', '║', '╗', '╝', '¢', '¥', '┐', //
    '└', '┴', '┬', '├', '─', '┼', 'ã', 'Ã', '╚', '╔', '╩', '╦', '╠', '═', '╬', '¤', //
    'ð', 'Ð', 'Ê', 'Ë', 'È', '€', 'Í', 'Î', 'Ï', '┘', '┌', '█', '▄', '¦', 'Ì', '▀', //
    'Ó', 'ß', 'Ô', 'Ò', 'õ', 'Õ', 'µ', 'þ', 'Þ', 'Ú', 'Û', 'Ù', 'ý', 'Ý', '¯', '´', //
    '\u{AD}', '±', '‗', '¾', '¶', '§', '÷', '¸', '°', '¨', '·', '¹', '³', '²', '■', '\u{A0}',
];

/// The byte for `ch`, if PC858 has it.
pub fn encode_char(ch: char) -> Option<u8> {
    if ch.is_ascii() && !ch.is_ascii_control() {
        return Some(ch as u8);
    }
    PC858_HIGH
        .iter()
        .position(|c| *c == ch)
        .map(|i| 0x80 + i as u8)
}

/// The character a printed byte shows.
pub fn decode_byte(b: u8) -> char {
    if b < 0x80 {
        b as char
    } else {
        PC858_HIGH[usize::from(b - 0x80)]
    }
}

/// Text as PC858 bytes; characters it lacks become `?` (see `printable`).
pub fn encode_text(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| encode_char(c).unwrap_or(b'?'))
        .collect()
}

/// Text with every character PC858 lacks replaced by a close one or `?`, so a print never
/// fails on a name typed with an odd character.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            _ if encode_char(c).is_some() => c,
            '—' | '–' | '−' => '-',
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            '…' => '.',
            _ => '?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_letters_and_euro_are_where_printers_expect_them() {
        let expect = [
            ('á', 0xA0),
            ('é', 0x82),
            ('í', 0xA1),
            ('ó', 0xA2),
            ('ú', 0xA3),
            ('ñ', 0xA4),
            ('Ñ', 0xA5),
            ('¿', 0xA8),
            ('¡', 0xAD),
            ('€', 0xD5),
            ('ü', 0x81),
            ('º', 0xA7),
        ];
        for (c, b) in expect {
            assert_eq!(encode_char(c), Some(b), "{c}");
            assert_eq!(decode_byte(b), c);
        }
        assert_eq!(printable("Café — 5 € ✓"), "Café - 5 € ?");
    }
}
