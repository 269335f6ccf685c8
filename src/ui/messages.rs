//! What went wrong, in the cashier's language. English is each error's own `Display`; Spanish is
//! written here, variant by variant, so a new variant cannot be forgotten (the matches are
//! exhaustive).

use crate::app::AppError;
use crate::store::StoreError;
use crate::till::barcode::BarcodeError;
use crate::till::cart::CartError;
use crate::till::format::Locale;
use crate::till::quantity::QuantityError;
use crate::till::shift::ShiftError;
use crate::till::tender::TenderError;

/// The error as the screen shows it.
pub fn error_text(error: &AppError, locale: Locale) -> String {
    match locale {
        Locale::En => error.to_string(),
        Locale::Es => spanish(error),
    }
}

/// Why print jobs wait, as the spooler recorded it (the printer's status, or the transport's
/// error), in the till's language.
pub fn printer_error(reason: &str, locale: Locale) -> String {
    if locale == Locale::En {
        return reason.to_string();
    }
    let known = [
        (
            "the printer is out of paper",
            "la impresora no tiene papel; ponga un rollo",
        ),
        (
            "the printer cover is open",
            "la tapa de la impresora está abierta; ciérrela",
        ),
        (
            "the printer is offline",
            "la impresora está fuera de línea; revísela",
        ),
    ];
    if let Some((_, es)) = known.iter().find(|(en, _)| reason.starts_with(en)) {
        return (*es).to_string();
    }
    if let Some(rest) = reason.strip_prefix("cannot open ") {
        let detail = rest.split("; check").next().unwrap_or(rest);
        return format!(
            "no se puede abrir {detail}; revise el cable, que esté encendida y la dirección"
        );
    }
    if let Some(rest) = reason.strip_prefix("writing to ") {
        return format!("la impresión se cortó: {rest}; se reintentará");
    }
    format!("no se pudo imprimir: {reason}")
}

fn spanish(error: &AppError) -> String {
    use AppError::*;
    match error {
        Store(e) => store(e),
        Barcode(e) => barcode(e),
        Cart(e) => cart(e),
        Tender(e) => tender(e),
        Shift(e) => shift(e),
        Quantity(e) => quantity(e),
        Print(e) => format!("No se pudo preparar el tique para la impresora: {e}"),
        Config(e) => format!("Configuración no válida: {e}"),
        NotLoggedIn => "Inicie sesión primero".into(),
        WrongPin { attempts_left } => {
            format!("PIN incorrecto; quedan {attempts_left} intentos antes de bloquear la caja")
        }
        Locked {
            until,
            minutes_left,
        } => format!(
            "Demasiados PIN incorrectos: la caja está bloqueada hasta las {until} \
             (faltan {minutes_left} min). Un encargado puede desbloquearla"
        ),
        NeedsApproval(_) => "Esto necesita a un encargado: que teclee su PIN".into(),
        ApprovalRefused => "Ese PIN no es de alguien que pueda autorizar esto".into(),
        UnknownCode(c) => {
            format!("Ningún producto tiene el código {c}; revise el código o búsquelo (F2)")
        }
        NeedsWeight(n) => {
            format!("{n} se vende al peso; péselo o escanee la etiqueta de la balanza")
        }
        NotWeighed(n) => format!("{n} se vende por unidades; no lleva peso"),
        NoOpenShift => "No hay turno abierto en esta caja; ábralo con el fondo de caja".into(),
        ShiftClosing => "El turno se está cerrando; termine el arqueo antes de vender".into(),
        EmptySale => "La venta está vacía".into(),
        NotPaying => "No hay ningún cobro en curso".into(),
        Paying => "Hay un cobro en curso; termínelo o cancélelo".into(),
        CardAlreadyTaken => {
            "Ya se cobró con tarjeta; termine la venta (ese importe no se puede descartar)".into()
        }
        SaleInProgress => "Termine o aparque la venta actual primero".into(),
        UnknownDocument(n) => format!("No hay ningún tique con el número {n}"),
        NotASale(n) => format!("{n} es una devolución; se devuelve sobre la venta original"),
        ReturnTooMuch { line, max } => {
            format!("Línea {line}: como mucho se pueden devolver {max}")
        }
        NoSuchReceiptLine(l) => format!("La línea {l} no está en ese tique"),
        ReasonRequired => "Indique un motivo".into(),
        NothingToReturn => "Elija al menos una línea para devolver".into(),
        ParkedNotFound => "Esa venta aparcada ya no está".into(),
        ParkedCorrupt(e) => format!("No se pudo leer la venta aparcada: {e}"),
    }
}

fn store(e: &StoreError) -> String {
    use StoreError::*;
    match e {
        WrongKey { path } => format!(
            "La clave no abre {}: fichero de clave equivocado. Nada se ha cambiado",
            path.display()
        ),
        KeyMissing { key, .. } => format!("Falta el fichero de clave {}", key.display()),
        BadKeyFile { path } => format!("{} no es una clave válida", path.display()),
        KeyFileTooOpen { path, .. } => {
            format!("Otros usuarios pueden leer {}: chmod 600", path.display())
        }
        KeyFileNotOwned { path, .. } => format!(
            "El fichero de clave {} es de otro usuario: chown al usuario de la caja",
            path.display()
        ),
        Io { path, source } => format!("{}: {source}", path.display()),
        SchemaTooNew { .. } => "La base de datos es de una versión más nueva de Caja".into(),
        MigrationFailed { snapshot, .. } => format!(
            "No se pudo actualizar la base de datos; se dejó como estaba (copia {}). No se ha perdido nada",
            snapshot.display()
        ),
        DiskFull => {
            "El disco está lleno; libere espacio y repita (no se ha grabado nada a medias)".into()
        }
        Sql(e) => format!("Error de la base de datos: {e}"),
        Corrupt(e) => format!("Datos guardados no válidos: {e}"),
        Rule(e) => e.clone(),
    }
}

fn barcode(e: &BarcodeError) -> String {
    use BarcodeError::*;
    match e {
        Empty => "Código vacío".into(),
        NotDigits(c) => format!("«{c}» no es un código de barras: solo admite dígitos"),
        BadCheckDigit { code, expected } => format!(
            "«{code}» tiene mal el dígito de control (debería ser {expected}); vuelva a escanearlo o tecléelo"
        ),
        BadLength(c, n) => format!(
            "«{c}» tiene una longitud no admitida ({n} dígitos): EAN-13, EAN-8, UPC-A, UPC-E o un PLU de hasta 6 dígitos"
        ),
    }
}

fn cart(e: &CartError) -> String {
    use CartError::*;
    match e {
        NoSuchLine(l) => format!("No existe la línea {l} en esta venta"),
        LineVoided(l) => format!("La línea {l} está anulada"),
        BadPercent => "Un descuento en % debe estar entre 0 y 100".into(),
        BadAmount => "Un descuento debe ser positivo y no mayor que lo que descuenta".into(),
        NegativePrice => "Un precio no puede ser negativo".into(),
        BadTaxRate => "El tipo de IVA de este artículo no es válido".into(),
        TooManyLines(n) => format!("Una venta admite como mucho {n} líneas; termine esta"),
    }
}

fn tender(e: &TenderError) -> String {
    use TenderError::*;
    match e {
        NotPositive => "El importe debe ser positivo".into(),
        OverpaidNonCash { .. } => {
            "Con tarjeta u otros no se puede cobrar más de lo que falta".into()
        }
        AlreadyPaid => "La venta ya está pagada".into(),
        CardNumberRefused => {
            "Eso parece un número de tarjeta; nunca se admite: teclee la referencia del datáfono"
                .into()
        }
        BadReference => "Una referencia tiene como mucho 40 letras, dígitos y - _ / .".into(),
    }
}

fn shift(e: &ShiftError) -> String {
    use ShiftError::*;
    match e {
        NotOpen(state) => format!("El turno no está abierto ({state})"),
        NotClosing => "El turno no se está cerrando; empiece el cierre primero".into(),
        NotPositive => "El importe debe ser positivo".into(),
        NegativeFloat => "El fondo de caja no puede ser negativo".into(),
        NoReason => "Indique el motivo del movimiento de caja".into(),
        BlindCount => "El arqueo es ciego: lo esperado se muestra después de contar".into(),
    }
}

fn quantity(e: &QuantityError) -> String {
    use QuantityError::*;
    match e {
        NotPositive => "La cantidad debe ser mayor que cero".into(),
        FractionalUnits => "Los artículos por unidades necesitan un número entero".into(),
        TooLarge => "Cantidad demasiado grande (como mucho 99.999 en una línea)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_and_english_differ_and_keep_the_details() {
        let e = AppError::UnknownCode("8412345678905".into());
        let es = error_text(&e, Locale::Es);
        let en = error_text(&e, Locale::En);
        assert!(es.contains("8412345678905") && es.contains("Ningún producto"));
        assert!(en.contains("8412345678905") && en.contains("no product"));
    }

    #[test]
    fn printer_errors_read_in_spanish_with_the_address_kept() {
        use crate::devices::transport::TransportError;
        let paper = crate::devices::status::from_replies(0x1E, 0x32, 0x72)
            .and_then(|s| s.blocking_reason())
            .unwrap();
        assert_eq!(
            printer_error(paper, Locale::Es),
            "la impresora no tiene papel; ponga un rollo"
        );
        let open = TransportError::Open {
            uri: "tcp://10.0.0.9:9100".into(),
            source: std::io::Error::from(std::io::ErrorKind::ConnectionRefused),
        }
        .to_string();
        let es = printer_error(&open, Locale::Es);
        assert!(
            es.starts_with("no se puede abrir tcp://10.0.0.9:9100"),
            "{es}"
        );
        assert!(es.contains("revise el cable"), "{es}");
        assert_eq!(printer_error(&open, Locale::En), open);
        assert!(printer_error("odd", Locale::Es).starts_with("no se pudo imprimir: odd"));
    }
}
