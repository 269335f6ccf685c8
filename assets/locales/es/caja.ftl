# Caja — textos en español (idioma por defecto, y el de reserva para un id que falte en otro).
# Cada id existe en todos los idiomas con las mismas variables; los importes y números llegan ya
# formateados. Sin espacios al principio ni al final de un texto: Fluent los recorta.

## Tique

receipt-invoice = FACTURA SIMPLIFICADA
receipt-refund = FACTURA SIMPLIFICADA RECTIFICATIVA
receipt-copy = COPIA
receipt-replaces = Sustituye al ticket
receipt-recargo = Rec. equiv.
receipt-refers = Rectifica
receipt-cashier = Le atendió
receipt-discount = Descuento
receipt-total = TOTAL
receipt-rounding = Redondeo
receipt-tax-included = { $tax } incluido
receipt-exempt = Exento
receipt-base = Base
receipt-quota = Cuota
receipt-change = Cambio
receipt-thanks = Gracias por su compra
receipt-tax-id = NIF

tender-cash = efectivo
tender-card = tarjeta
tender-other = otros

## Informes X y Z

report-x = INFORME X
report-z = INFORME Z
report-shift = Turno
report-sales = Ventas
report-returns = Devoluciones
report-discounts = Descuentos
report-net = NETO
report-recargo-line = Recargo de equivalencia sobre { $rate }
report-tax-line = IVA { $rate } base { $base }
report-float = Fondo de caja
report-cash-in = Entradas
report-cash-out = Salidas
report-cash-sales = Efectivo de ventas
report-expected = Esperado en caja
report-counted = Contado
report-over = Sobrante
report-short = Faltante
report-balanced = Cuadra
report-no-sales = Aperturas sin venta

## Inicio de sesión

login-title = Introduzca su PIN
login-delete = Borrar
login-enter = Entrar
login-unlock = Desbloquear (encargado)
login-demo-pins = Demo — cajera 1111 · encargada 9999 · técnico 7777
login-hello = Hola, { $name }
login-unlocked-by = Desbloqueada por { $name }
login-scan-first = Inicie sesión con su PIN antes de escanear
login-idle-locked = Caja bloqueada por inactividad; la venta sigue abierta

## Venta

sale-code = Código
sale-start = Escanee un producto para empezar
sale-voided = anulada
sale-total = TOTAL
sale-recargo = Recargo de equivalencia: { $amount }
sale-tax-included = IVA incluido { $tax }
sale-discounts = Descuentos { $amount }
sale-change = Cambio { $amount }
sale-paid = Venta { $number } · { $total }
sale-parked = Venta aparcada (F4 para recuperarla)
sale-recalled = Venta recuperada
sale-no-parked = No hay ventas aparcadas
sale-no-receipt = Aún no hay ningún tique
scan-not-used = «{ $code }»: escaneo no usado; termine lo que está en pantalla

## Cobro

pay-tendered = Entregado
pay-to-pay = A pagar
pay-paid = Pagado { $amount }
pay-hint = Importe + Intro = efectivo · Intro = exacto · F5 = tarjeta · Esc = volver
pay-cash-note = Efectivo { $amount }
pay-scan-refused = Eso era un escaneo y el cobro está en curso: Esc para volver a la venta y escanear
pay-too-much = «{ $amount }»: es demasiado para lo que falta; revise el importe. Falta { $left }
pay-not-an-amount = «{ $amount }»: no es un importe (ej. 20 o 12,50)

## Teclas y botones (el nombre de la tecla se añade entre paréntesis: «Cobrar (F12)»)

key-enter = Intro
key-escape = Esc
key-delete = Supr
key-home = Inicio
key-backspace = Retroceso
key-scan = 0-9 … Intro
key-quantity = N * código
key-amount = importe Intro
button-pay = Cobrar
button-search = Buscar
button-park = Aparcar
button-discount = Descuento
button-void = Anular
button-return = Devolución
button-no-sale = Cajón
button-shift = Turno
button-receipt = Tique
button-help = Ayuda
button-logout = Salir
button-exact = Efectivo exacto
button-card = Tarjeta
button-back = Volver
button-back-esc = Volver (Esc)

## Ayuda (F1)

help-title = Teclado
help-sale = Venta
help-payment = Cobro
help-scan = escanear o teclear un código / PLU
help-quantity = N unidades del siguiente artículo
help-erase = borrar el último carácter
help-help = esta ayuda
help-search = buscar producto (↑ ↓ Intro)
help-receipt = ver / reimprimir el último tique
help-park = aparcar la venta / recuperar una aparcada
help-discount = descuento o cambio de precio
help-devices = dispositivos (técnico o encargado)
help-return = devolución sobre un tique
help-no-sale = abrir cajón sin venta
help-shift = turno: entradas, salidas, X, cierre Z
help-logout = cerrar sesión
help-pay = cobrar
help-void = anular la línea seleccionada
help-select = seleccionar línea
help-clear = volver / cancelar
help-pay-cash = efectivo entregado (cambio en grande)
help-pay-exact = efectivo exacto
help-pay-card = tarjeta por lo que falta (antes: referencia)
help-pay-back = volver a la venta

## Diálogos

dialog-close = Cerrar (Esc)
search-title = Buscar producto
search-nothing = Nada encontrado
search-hint = ↑ ↓ elegir · Intro añadir · Esc cerrar · un escaneo va a la venta
parked-title = Ventas aparcadas
discount-title = Descuento o precio
discount-line-percent = Línea %
discount-line-amount = Línea €
discount-ticket-percent = Tique %
discount-ticket-amount = Tique €
discount-price = Precio
discount-hint = ← → elegir · teclee el valor · Intro aplicar (vacío = quitar) · Esc
discount-not-a-value = «{ $value }»: no es un valor válido
approval-title = Autorización de encargado
approval-hint = Un encargado teclea su PIN y pulsa Intro
no-sale-title = Abrir cajón sin venta
no-sale-reason = Motivo:
no-sale-preset-change = Cambio
no-sale-preset-error = Error de cobro
no-sale-done = Cajón abierto (registrado)
receipt-last = Último tique
receipt-reprint = Reimprimir
receipt-sent = Tique enviado a la impresora

## Devolución (F8)

return-title = Devolución
return-finish-sale-first = Termine o aparque la venta antes de una devolución
return-number-hint = Teclee o escanee el número del tique (ej. T01-000123) y pulse Intro · Esc volver
return-item = Artículo
return-sold = Vendido
return-returnable = Se puede devolver
return-to-return = A devolver
return-lines-hint = ↑ ↓ línea · Intro = todo / nada, o cantidad + Intro · F12 continuar · F5 factura · Esc cancelar
return-continue = Continuar (F12)
return-choose-a-line = Elija al menos una línea (Intro)
return-at-most = «{ $typed }»: como mucho { $max }
return-reason = Motivo de la devolución:
return-reason-hint = Intro = devolver en efectivo · F5 = a la tarjeta · Esc cancelar
return-cash = Efectivo (Intro)
return-card = Tarjeta (F5)
return-refunded = Devolución { $number } · { $total }

## Turno (F10)

shift-title-open = Turno nº { $id } · abierto a las { $time }
shift-summary = Fondo { $float } · entradas { $cash_in } · salidas { $cash_out } · ventas en efectivo { $sales }
shift-title = Turno
shift-backups = Copias: { $state }
shift-menu-cash-in = Entrada de efectivo
shift-menu-cash-out = Salida de efectivo
shift-menu-x = Informe X
shift-menu-close = Cerrar turno (arqueo y Z)
shift-back-to-sale = Volver a la venta (Esc)
shift-float-hint = Abrir turno: teclee el fondo de caja y pulse Intro
shift-open = Abrir turno (Intro)
shift-log-out = Salir (Esc)
shift-opened = Turno abierto con { $amount }
shift-not-an-amount = «{ $amount }»: no es un importe
shift-cash-in = Entrada de efectivo
shift-cash-out = Salida de efectivo
shift-amount = Importe: { $value }
shift-reason = Motivo: { $value }
shift-cash-move-hint = Importe, Intro, motivo, Intro · Esc volver
shift-moved = Movimiento registrado: { $amount }
shift-count-hint = Arqueo ciego: cuente el cajón. ↑ ↓ elegir · cantidad + Intro · F12 cerrar turno
shift-count-other = Otros (importe)
shift-count-total = Total contado { $amount }
shift-count-close = Cerrar turno con este recuento (F12)
shift-count-not-a-number = «{ $typed }»?
shift-counted = Contado { $amount }
shift-expected = Esperado { $amount }
shift-closed-hint = Turno cerrado. Intro = abrir otro turno · Esc = salir

## Dispositivos (F7)

devices-title = Dispositivos
devices-printer = Impresora
devices-drawer = Cajón
devices-scanner = Escáner
devices-display = Visor
devices-scale = Balanza
devices-none = ninguno
devices-drawer-on-printer = en la impresora
devices-drawer-open = abierto
devices-drawer-closed = cerrado
devices-wedge-only = solo teclado (cuña)
devices-queued = { $n } en cola: { $error }
devices-printed = { $n } impresos
devices-detected = Detectados:
devices-detected-none = ningún puerto USB de impresora o serie
devices-change = Cambiar { $key }
devices-edit-hint = ↑ ↓ otro ajuste · teclee la dirección · Intro guardar · Esc salir
devices-edit-key = E = cambiar direcciones (usb:, tcp://, serial:, file:)
devices-last-scan = Último escaneo de prueba: { $code }
devices-saved = { $key } guardado — se aplica al reiniciar Caja
devices-test-print = Imprimir prueba
devices-test-drawer = Abrir cajón
devices-test-scale = Leer peso
devices-test-display = Mostrar en visor
devices-test-queue = Reintentar la cola
devices-test-sent = Prueba enviada a la impresora
devices-drawer-pulsed = Cajón: pulso enviado
devices-drawer-pulsed-port = Cajón: pulso enviado a su puerto
device-not-serial = { $uri } no es un puerto serie (serial:/dev/…)
device-not-found = No se encuentra { $uri } ({ $detail }); revise el cable
device-unplugged = { $uri } se ha desconectado
device-failed = { $uri } ha fallado: { $detail }
device-no-thread = El dispositivo no funciona: { $detail }
devices-no-printer = No hay impresora: caja config set devices.printer usb:/dev/usb/lp0
devices-no-drawer = No hay cajón: caja config set devices.drawer printer (en la impresora) o serial:/dev/ttyUSB3
devices-no-scale = No hay balanza configurada
devices-no-config-file = Esta caja no tiene fichero de configuración que editar (arranque con --config)
scale-weighing = Pesando { $name }…
scale-weighing-test = Pesando…
devices-no-display = No hay visor configurado
devices-display-test = Prueba de visor

## Visor del cliente (2 × 20)

display-welcome = Bienvenido
display-welcome-to = Bienvenido a { $name }
display-total = TOTAL
display-to-pay = A pagar
display-paid-total = Total
display-change = Cambio

## Barra de estado

status-user = Usuario: { $name }
status-till = Caja: { $terminal }
status-shift = Turno: { $state }
status-shift-open = abierto nº { $id }
status-shift-closing = cerrando
status-shift-none = sin turno
status-light = • { $name }
status-light-state = • { $name }: { $state }
status-light-count = • { $name } ({ $n })
status-light-count-state = • { $name } ({ $n }): { $state }
status-printer = Impresora
status-printer-ready = lista
status-printer-printing = { $n } imprimiendo
status-printer-not-printing = no imprime
status-printer-waiting = { $n } pendientes: { $why }
status-drawer-open = • Cajón abierto
status-drawer-stuck = • Cajón: no abre
status-scanner = Escáner
scanner-connected = conectado
scanner-disconnected = desconectado
scanner-replugged = { $why } — tras reconectar el escáner, reinicie Caja (el aislamiento solo permite el dispositivo que había al arrancar)
status-sandbox = Aislamiento
status-sandbox-off = no
status-sandbox-partial = parcial
status-sandbox-none = el proceso no está aislado
status-sandbox-full = aislamiento completo
status-backup = Copia
backup-none = sin copias
backup-unconfigured = sin destino de copias: caja config set backup.dir y backup.recipients
backup-age-recent = hace menos de 1 h
backup-age-hours = hace { $hours } h
backup-age-days = hace { $days } días
backup-last = última copia: { $age }
backup-never = ninguna copia todavía
backup-running = { $state } · copiando…
backup-last-error = { $state } · último error: { $error }

## Impresora

printer-short-paper-out = sin papel
printer-short-cover-open = tapa abierta
printer-short-offline = fuera de línea
printer-short-paper-near-end = queda poco papel
printer-paper-out = la impresora no tiene papel; ponga un rollo
printer-cover-open = la tapa de la impresora está abierta; ciérrela
printer-offline = la impresora está fuera de línea; revísela
printer-paper-near-end = queda poco papel en la impresora; tenga un rollo a mano
printer-cannot-open = no se puede abrir { $uri }; revise el cable, que esté encendida y la dirección
printer-write-failed = la impresión se cortó: { $uri }: { $detail }; se reintentará
printer-failed = no se pudo imprimir: { $detail }

## Balanza

scale-failed = { $name }: { $why }
scale-unstable = el peso no es estable; espere a que la balanza se quede quieta
scale-zero = la balanza marca cero; ponga el producto encima
scale-over-capacity = la balanza está por encima de su capacidad
scale-under-zero = la balanza marca menos de cero; vacíela y póngala a cero
scale-garbled = balanza: envió algo ilegible ({ $bytes }); compruebe que usa el protocolo Toledo
scale-unreachable = balanza: no se puede conectar con { $uri }: { $why }

## Errores

err-print = No se pudo preparar el tique para la impresora: { $detail }
err-logo-read = No se puede leer el logotipo { $file }: { $detail }
err-logo-too-big = El logotipo { $file } ocupa más de 4 MiB: guárdelo más pequeño (unos cientos de píxeles de ancho bastan).
err-logo-not-png = { $file } no es una imagen PNG que Caja pueda leer ({ $detail }): guárdela como PNG.
err-logo-dimensions = El logotipo { $file } mide { $width }×{ $height } píxeles: use uno de 4000 como mucho por cada lado.
err-reprice-unreadable = «{ $value }» no es un cambio de precio: escriba un porcentaje (5, -10, 2,5) o un importe (0,10).
err-reprice-ending = La terminación de precio es una cifra: 9 para ,x9; 5 para ,x5.
err-reprice-below-zero = Una bajada de más del 100 % dejaría precios negativos.
expect-terminal-id = «{ $value }» no vale para { $key }: de 1 a 8 mayúsculas o dígitos, p. ej. T01
expect-one-line = «{ $value }» no vale para { $key }: una línea de 120 caracteres como mucho
expect-png-path = «{ $value }» no vale para { $key }: la ruta completa de un fichero PNG
expect-folder-path = «{ $value }» no vale para { $key }: la ruta completa de una carpeta (local, memoria USB o carpeta compartida)
expect-one-of = «{ $value }» no vale para { $key }: una de { $words }
expect-seconds = «{ $value }» no vale para { $key }: segundos, un número entero de 0 a { $max }
expect-count = «{ $value }» no vale para { $key }: un número entero de 0 a { $max }
expect-flag = «{ $value }» no vale para { $key }: true o false
expect-variable-layouts = «{ $value }» no vale para { $key }: PREFIJO[-PREFIJO]:4..6:weight|price, prefijos 20–29
expect-language = «{ $value }» no vale para { $key }: auto o un idioma con ficheros de mensajes ({ $tags })
expect-cash-step = «{ $value }» no vale para { $key }: off, o la moneda más pequeña a la que se redondea el efectivo (0.05 en euros, 10 en pesos chilenos)
err-config-refused = «{ $value }» no vale para { $key }: { $reason }
err-config = Configuración no válida: { $detail }
err-other-currency = Un importe en { $given } no sirve en una caja que cobra en { $till }
err-amount-too-large = Importe fuera de rango
err-not-logged-in = Inicie sesión primero
err-wrong-pin = PIN incorrecto; quedan { $attempts } intentos antes de bloquear la caja
err-locked = Demasiados PIN incorrectos: la caja está bloqueada hasta las { $until } (faltan { $minutes } min). Un encargado puede desbloquearla
err-needs-approval = Esto necesita a un encargado: que teclee su PIN
err-approval-refused = Ese PIN no es de alguien que pueda autorizar esto
err-unknown-code = Ningún producto tiene el código { $code }; revise el código o búsquelo (F2)
err-needs-weight = { $name } se vende al peso; péselo o escanee la etiqueta de la balanza
err-not-weighed = { $name } se vende por unidades; no lleva peso
err-no-open-shift = No hay turno abierto en esta caja; ábralo con el fondo de caja
err-shift-closing = El turno se está cerrando; termine el arqueo antes de vender
err-empty-sale = La venta está vacía
err-not-paying = No hay ningún cobro en curso
err-paying = Hay un cobro en curso; termínelo o cancélelo
err-card-already-taken = Ya se cobró con tarjeta; termine la venta (ese importe no se puede descartar)
err-sale-in-progress = Termine o aparque la venta actual primero
err-unknown-document = No hay ningún tique con el número { $number }
err-not-a-sale = { $number } es una devolución; se devuelve sobre la venta original
err-return-too-much = Línea { $line }: como mucho se pueden devolver { $max }
err-no-such-receipt-line = La línea { $line } no está en ese tique
err-reason-required = Indique un motivo
err-nothing-to-return = Elija al menos una línea para devolver
err-parked-not-found = Esa venta aparcada ya no está
err-parked-corrupt = No se pudo leer la venta aparcada: { $detail }

err-store-wrong-key = La clave no abre { $path }: fichero de clave equivocado. Nada se ha cambiado
err-store-key-missing = Falta el fichero de clave { $path }
err-store-bad-key-file = { $path } no es una clave válida
err-store-key-too-open = Otros usuarios pueden leer { $path }: chmod 600
err-store-key-not-owned = El fichero de clave { $path } es de otro usuario: chown al usuario de la caja
err-store-io = { $path }: { $detail }
err-store-schema-too-new = La base de datos es de una versión más nueva de Caja
err-store-migration-failed = No se pudo actualizar la base de datos; se dejó como estaba (copia { $path }). No se ha perdido nada
err-store-disk-full = El disco está lleno; libere espacio y repita (no se ha grabado nada a medias)
err-store-sql = Error de la base de datos: { $detail }
err-store-corrupt = Datos guardados no válidos: { $detail }
err-store-pin-format = Un PIN tiene de 4 a 8 dígitos
err-store-user-name = Un usuario necesita un nombre
err-store-pin-taken = Ese PIN ya lo usa otra persona; los PIN no se repiten en una tienda
err-store-last-manager = es el último encargado activo; haga antes encargado a otro usuario
err-store-no-such-user = no existe el usuario n.º { $id }
err-store-no-such-category = no existe la categoría «{ $name }»
err-pin-repeated = una cifra repetida es el primer PIN que prueba un ladrón; elija otro
err-pin-pattern = un patrón repetido (1212) es fácil de adivinar; elija otro
err-pin-sequence = cifras seguidas (1234, 9876) son fáciles de adivinar; elija otro
err-pin-year = un año es fácil de adivinar; elija otro
err-store-shift-already-open = La caja { $terminal } ya tiene un turno abierto; ciérrelo antes
err-store-shift-not-open = El turno no está abierto
err-store-negative-price = { $product }: un precio no puede ser negativo
err-store-code-taken = El código { $code } ya es de otro producto
err-store-sku-taken = la referencia { $sku } ya es de «{ $owner }»
err-store-code-owned = el código { $code } ya es de «{ $owner }»
err-store-no-such-product = no existe el producto n.º { $id }
err-product-name-missing = el producto necesita un nombre
err-product-too-long = como mucho { $max } caracteres
err-product-negative-price = un precio no puede ser negativo
err-product-negative-cost = un coste no puede ser negativo
err-product-too-large = el importe es demasiado grande
err-product-tax-class = elija una clase de impuesto
err-product-barcode-twice = el código { $code } está repetido
err-product-one-line = una sola línea
err-store-currency-fixed = la tienda ya ha vendido en { $currency }; su moneda no puede cambiar
err-tax-id-length = un NIF/CIF/NIE español tiene 9 caracteres (hay { $found })
err-tax-id-not-digit = el carácter { $position } («{ $found }») debería ser una cifra
err-tax-id-first = el primer carácter «{ $found }» no empieza ningún NIF, NIE ni CIF
err-tax-id-control = el carácter de control (el 9.º) es «{ $found }» pero debería ser «{ $expected }»
err-profile-line = una línea de { $max } caracteres como mucho
err-profile-lines = como mucho { $max } líneas de { $width } caracteres
err-profile-currency = «{ $value }» no es una moneda que Caja conozca (EUR, USD, MXN, COP, ARS, PEN, CLP)
err-profile-time-zone = «{ $value }» no es una zona horaria (p. ej. Europe/Madrid, Atlantic/Canary)
err-profile-territory = «{ $value }» no es un territorio (peninsula, canarias, ceuta, melilla, other)
err-profile-locale = «{ $value }» no es un idioma (es, en, es-MX…)
err-profile-required = obligatorio
err-profile-unknown = no existe la clave de tienda «{ $key }»
err-store-rate-in-the-past = un tipo nuevo empieza hoy o más adelante ({ $from } ya pasó); un día pasado conserva el tipo que tenía
err-store-no-such-tax-class = no existe la clase de impuesto «{ $code }»
err-tax-class-code = el código de una clase de impuesto tiene de 1 a 20 minúsculas, cifras o guiones
err-tax-class-name = una clase de impuesto necesita un nombre
err-tax-rate-range = un tipo está entre el 0 y el 100 %
err-tax-exempt-with-rate = una clase exenta tiene un tipo del 0 %
err-tax-class-no-rate = una clase de impuesto necesita un tipo
err-store-no-class-at-rate = ninguna clase de impuesto tiene un tipo del { $rate } en vigor; cree una o elija una clase
err-store-internal = Error interno: { $detail }. Anote el mensaje y avise al técnico
err-store-in-use = el almacén de { $dir } está abierto en otro proceso (una caja, la gestión o una orden caja); ciérrelos primero
err-store-import-running = ya hay otra importación de catálogo en marcha; espere a que termine
err-store-restore-under-way = se está restaurando el almacén de { $dir }; espere a que termine y vuelva a intentarlo
err-store-till-running = ya hay una caja abierta sobre { $dir }; ciérrela primero
err-store-network-share = la carpeta de datos { $dir } está en una unidad de red ({ $fs }); el almacén debe estar en un disco de este ordenador

err-barcode-empty = Código vacío
err-barcode-not-digits = «{ $code }» no es un código de barras: solo admite dígitos
err-barcode-check-digit = «{ $code }» tiene mal el dígito de control (debería ser { $expected }); vuelva a escanearlo o tecléelo
err-barcode-length = «{ $code }» tiene una longitud no admitida ({ $digits } dígitos): EAN-13, EAN-8, UPC-A, UPC-E o un PLU de hasta 6 dígitos

err-cart-no-such-line = No existe la línea { $line } en esta venta
err-cart-line-voided = La línea { $line } está anulada
err-cart-bad-percent = Un descuento en % debe estar entre 0 y 100
err-cart-bad-amount = Un descuento debe ser positivo y no mayor que lo que descuenta
err-cart-negative-price = Un precio no puede ser negativo
err-cart-bad-tax-rate = El tipo de IVA de este artículo no es válido
err-cart-too-many-lines = Una venta admite como mucho { $max } líneas; termine esta

err-amount-not-positive = El importe debe ser positivo
err-tender-overpaid = Con tarjeta u otros no se puede cobrar más de lo que falta
err-tender-already-paid = La venta ya está pagada
err-tender-card-number = Eso parece un número de tarjeta; nunca se admite: teclee la referencia del datáfono
err-tender-bad-reference = Una referencia tiene como mucho 40 letras, dígitos y - _ / .

err-shift-not-open = El turno no está abierto ({ $state ->
    [open] abierto
    [closing] cerrando
   *[closed] cerrado
})
err-shift-not-closing = El turno no se está cerrando; empiece el cierre primero
err-shift-negative-float = El fondo de caja no puede ser negativo
err-shift-no-reason = Indique el motivo del movimiento de caja
err-shift-blind-count = El arqueo es ciego: lo esperado se muestra después de contar

err-quantity-not-positive = La cantidad debe ser mayor que cero
err-quantity-fractional = Los artículos por unidades necesitan un número entero
err-quantity-too-large = Cantidad demasiado grande (como mucho 99.999 en una línea)

## The command line
cli-day-report = Informe del día { $date }
cli-net-total = Total neto
cli-by-tender = Por forma de pago
cli-by-tax-rate = Por tipo de IVA (base / cuota / total)

## catalog import

import-row-problem = Fila { $row }, columna { $column } ({ $header }), «{ $value }»: { $why }
import-row-problem-no-column = Fila { $row }: { $why }
import-why-bad-check-digit = el dígito de control no cuadra (debería ser { $expected }); revise el código de barras
import-why-not-a-barcode = no es un código de barras: debe tener 8, 12, 13 o 14 cifras
import-why-mangled-by-excel = la hoja de cálculo convirtió el código de barras en un número como 8,41E+12 y perdió cifras; ponga la columna en formato texto y exporte de nuevo
import-why-lost-leading-zeros = el código de barras perdió los ceros de delante (seguramente era { $restored }); ponga la columna en formato texto y exporte de nuevo
import-why-duplicate-barcode = este código de barras ya está en la fila { $first_row }
import-why-duplicate-sku = esta referencia ya está en la fila { $first_row }
import-why-unreadable-price = no es un importe (ej. 3,50 o 3.50)
import-why-negative-price = un precio no puede ser negativo
import-why-unknown-tax = ningún tipo de impuesto de la tienda corresponde hoy a «{ $text }»
import-why-no-tax = la fila no tiene impuesto: rellénelo o indique el tipo para todo el archivo (--tax-class)
import-why-missing-name = falta el nombre del producto
import-why-not-a-flag = no es un sí/no (S/N, sí/no, Y/N, true/false, 1/0)
import-why-unknown-unit = no es una unidad de venta: use «unit» (unidades) o «kg»
import-why-bad-content = no es un contenido neto: escríbalo como 500 g, 1,5 kg, 750 ml o 1 L
import-why-bad-plu = un PLU tiene de 1 a 6 cifras
import-product-name-too-long = el nombre pasa de { $max } caracteres
import-product-short-name-too-long = el nombre del tique pasa de { $max } caracteres
import-product-too-long = pasa de { $max } caracteres
import-product-negative-cost = un coste no puede ser negativo
import-product-too-large = el importe es demasiado grande
import-product-barcode-twice = el código { $code } está dos veces en el mismo producto
import-product-not-one-line = un nombre o código debe ir en una sola línea
import-err-empty = El archivo está vacío
import-err-not-a-spreadsheet = No es una hoja de cálculo: importe un archivo CSV, XLSX u ODS
import-err-unreadable = No se puede leer el archivo: { $detail }
import-err-unknown-header = No se reconocen las columnas ({ $headers }): indique qué hay en cada una con --map COLUMNA=CAMPO
import-err-map-unknown-column = --map nombra una columna que el archivo no tiene: { $column }
import-err-no-tax-in-file = El archivo no trae impuestos: indique el tipo de sus productos con --tax-class
import-err-unknown-tax-class = La tienda no tiene el tipo de impuesto «{ $class }»
export-err-xlsx = No se pudo escribir la hoja de cálculo: { $detail }

## back office
help-back-office = Gestión: tienda, impuestos, catálogo y personal
bo-import = Importar…
bo-reprice = Cambiar precios
bo-reprice-title = Cambiar precios
bo-reprice-detail = Sube o baja de una vez los precios de una categoría, un tipo de impuesto o unos nombres (todos, si no elige nada). Primero la vista previa; cada cambio queda en el historial del producto.
bo-reprice-which = Qué productos
bo-reprice-category = Categoría
bo-reprice-all-categories = Todas
bo-reprice-all = Todos
bo-reprice-words = Nombre con las palabras
bo-reprice-words-hint = p. ej. leche entera
bo-reprice-how = Cuánto
bo-reprice-percent = Porcentaje
bo-reprice-amount = Importe
bo-reprice-change = Cambio
bo-reprice-percent-hint = 5 o -10 (%)
bo-reprice-amount-hint = 0,10 o -0,05
bo-reprice-ending = Redondear a
bo-reprice-ending-none = sin redondear
bo-reprice-ending-9 = ,x9
bo-reprice-ending-5 = ,x5
bo-reprice-ending-0 = ,x0
bo-reprice-labels = Imprimir etiquetas de estantería de los productos que cambian
bo-reprice-preview = Vista previa
bo-reprice-apply = Aplicar
bo-reprice-ask = ¿Cambiar el precio de { $count } productos? Cada cambio queda en su historial.
bo-confirm-reprice = Sí, cambiar precios
bo-reprice-would = { $count } precios cambian, { $unchanged } se quedan igual. Aún no se ha cambiado nada: pulse Aplicar.
bo-reprice-done = Hecho: { $count } precios cambiados; { $labels } etiquetas enviadas a la impresora.
bo-reprice-old = Antes
bo-reprice-new = Ahora
help-bo-reprice = Cambiar precios de muchos productos a la vez
bo-import-title = Importar catálogo
bo-import-detail = Archivos CSV, XLSX u ODS de la carpeta de intercambio { $dir } (Loyverse, Square, Shopify, Odoo, uniCenta o el formato de Caja). Primero la vista previa; si alguna fila está mal, no se importa nada.
bo-import-files = Archivos
bo-import-refresh = Actualizar
bo-import-no-files = No hay archivos en { $dir }. Copie allí el CSV, XLSX u ODS exportado de su programa anterior y pulse Actualizar.
bo-import-map = No se reconocen las columnas: diga qué lleva cada una (al menos el nombre y el precio) y vuelva a pedir la vista previa
bo-import-map-ignore = (no importar)
bo-import-map-column = Qué lleva la columna { $column }
bo-import-tax-class = Tipo de impuesto de los productos
bo-import-from-file = Según el archivo
bo-import-prices = Los precios del archivo
bo-import-prices-as-layout = como diga el archivo
bo-import-with-tax = llevan el impuesto incluido
bo-import-without-tax = no llevan impuesto
bo-import-preview = Vista previa
bo-import-go = Importar
bo-import-close = Cerrar
bo-import-would = Archivo de { $layout }: { $new } nuevos, { $changed } cambiados, { $unchanged } sin cambios. Aún no se ha escrito nada: pulse Importar.
bo-import-done = Importado (archivo de { $layout }): { $new } nuevos, { $changed } cambiados, { $unchanged } sin cambios.
bo-import-refused = No se ha importado nada: { $rows } filas con problemas. Corríjalas en el archivo y vuelva a probar.
bo-import-more = … y { $rows } filas más
bo-import-starting = Empezando…
bo-import-reading = Leyendo: fila { $rows } de { $of }
bo-import-checking = Comprobando con el catálogo…
bo-import-writing = Escribiendo: { $rows } de { $of } productos
bo-import-publishing = Publicando el catálogo nuevo…
bo-clash-barcode-owned = Fila { $row }: el código de barras { $code } es de «{ $owner }» en el catálogo
bo-clash-sku-owned = Fila { $row }: la referencia { $sku } es de «{ $owner }» en el catálogo
bo-clash-two-products = Fila { $row }: su código de barras y su referencia son de dos productos distintos («{ $a }» y «{ $b }»)
bo-clash-unknown-class = Fila { $row }: la tienda no tiene el tipo de impuesto «{ $code }»
bo-catalog-tab-products = Productos
bo-catalog-tab-keys = Teclas rápidas y colores
bo-quick-keys = Teclas rápidas de la venta
bo-quick-keys-detail = Arrastre una tecla a otro sitio, o selecciónela y muévala con Ctrl+flechas; Supr la quita. En la venta se agrupan por categoría, en este orden.
bo-quick-keys-add = Añadir un producto
bo-quick-keys-count = { $keys } de { $max } teclas
bo-undo = Deshacer
bo-category-colours = Colores de las categorías
bo-category-colour-of = Color { $n } para { $category }
help-office = Gestión
help-bo-sections = ir a la sección 1 … 7 del menú
help-bo-new = nuevo producto (Catálogo) o nueva persona (Personal)
help-bo-filter = buscar en el catálogo
help-bo-import = importar un catálogo (Catálogo)
help-bo-quick-keys = teclas rápidas y colores (Catálogo)
help-bo-tab = siguiente campo (Mayús+Tab: el anterior; Espacio marca una opción)
help-bo-save = guardar el formulario
help-bo-cancel = cancelar; fuera de un formulario, salir de Gestión
bo-keys-hint = Ctrl+1…7 secciones · Ctrl+N nuevo · F1 teclas
bo-title = Gestión
bo-soon = próximamente
bo-soon-detail = Esta sección llegará pronto.
bo-back-to-sale = Volver a la venta (Esc)
bo-log-out = Salir (Esc)
bo-cancel = Cancelar
bo-save = Guardar (Intro)
bo-saved = Guardado
bo-confirm-deactivate = Sí, desactivar
bo-confirm-disable = Sí, dar de baja
bo-section-store = Tienda
bo-section-taxes = Impuestos
bo-section-catalog = Catálogo
bo-section-people = Personal
bo-section-devices = Dispositivos
bo-section-stock = Stock
bo-section-reports = Informes
bo-store-detail = Los datos de la tienda que llevan los tiques y los informes.
bo-store-legal-name = Razón social
bo-store-trade-name = Nombre comercial
bo-store-tax-id = NIF
bo-store-address = Dirección
bo-store-city = Código postal y población
bo-store-phone = Teléfono
bo-store-receipt-header = Cabecera del tique
bo-store-receipt-footer = Pie del tique
bo-store-currency = Moneda
bo-store-locale = Idioma de los tiques
bo-store-time-zone = Zona horaria
bo-store-territory = Territorio fiscal
bo-taxes-detail = Cada tipo tiene su porcentaje desde un día; un tique ya hecho conserva el suyo.
bo-tax-class = Tipo
bo-tax-in-force = Hoy
bo-tax-add-rate = Nuevo porcentaje de { $class }
bo-tax-new-class = Nuevo tipo de impuesto
bo-tax-from = Desde (AAAA-MM-DD)
bo-tax-percent = Porcentaje
bo-tax-code = Código
bo-tax-name = Nombre
bo-tax-bad-day = Escriba una fecha como 2026-01-31
bo-tax-bad-percent = Escriba un porcentaje como 21 o 5,5
bo-catalog-detail = Los productos de la tienda. Pulse un nombre para editarlo.
bo-catalog-filter = Buscar
bo-catalog-filter-hint = nombre o código
bo-catalog-count = Productos: { $count }
bo-col-name = Nombre
bo-col-code = Código
bo-col-category = Categoría
bo-col-class = Impuesto
bo-col-price = Precio
bo-col-active = Activo
bo-col-role = Rol
bo-col-state = Estado
bo-product-new = Nuevo producto
bo-product-edit = Editar producto
bo-product-detail = Lo que falta o sobra se indica junto a cada campo.
bo-product-name = Nombre del producto
bo-product-short-name = Nombre en el tique
bo-product-sku = Referencia
bo-product-net-content = Contenido neto
bo-product-bad-content = Escríbalo como 500 g, 1,5 kg, 750 ml o 1 L (para el precio por kilo o litro de la etiqueta)
bo-product-category = Categoría del producto
bo-product-price = Precio con impuestos
bo-product-cost = Coste sin impuestos
bo-product-barcodes = Códigos de barras
bo-product-plu = PLU
bo-product-tax-class = Tipo de impuesto
bo-product-by-weight = Se vende al peso
bo-product-stock = Controlar stock
bo-product-active = A la venta
bo-product-deactivate = Desactivar el producto
bo-product-deactivate-ask = ¿Desactivar «{ $name }»? Dejará de venderse; sus tiques no cambian.
bo-product-bad-amount = No es un importe (ej. 3,50)
bo-product-bad-value = Valor no válido
bo-product-bad-plu = Un PLU tiene de 1 a 6 cifras
bo-product-fix = Corrija el producto: { $why }
bo-price-history = Historial de precios
bo-people-detail = Quién trabaja en la tienda. Nadie se borra: se da de baja.
bo-person-new = Añadir persona
bo-person-name = Nombre de la persona
bo-person-pin = PIN
bo-person-pin-again = Repita el PIN
bo-person-active = Activo
bo-person-disabled = De baja
bo-person-must-change-pin = debe cambiar el PIN
bo-person-reset-pin = Nuevo PIN para { $name }
bo-person-reset-title = Nuevo PIN para { $name } (lo cambiará al entrar)
bo-person-disable-named = Dar de baja a { $name }
bo-person-enable-named = Dar de alta a { $name }
bo-person-disable-ask = ¿Dar de baja a { $name }? No podrá entrar; su historial se conserva.
bo-role-cashier = Cajero/a
bo-role-manager = Encargado/a
bo-role-technician = Técnico/a
bo-lift-lockout = Desbloquear el teclado de PIN
bo-devices-detail = Impresora, cajón, lector, visor y báscula: estado y pruebas.
login-new-pin = Elija un PIN nuevo
login-new-pin-again = Repita el PIN nuevo
login-choose-new-pin = Su PIN lo puso otra persona: elija uno nuevo para seguir.
login-pin-changed = PIN cambiado
err-pins-differ = Los dos PIN no coinciden; escriba el mismo PIN dos veces
err-manager-only = Solo un encargado puede crear, ascender o cambiar a un encargado
err-must-change-pin = Elija primero un PIN nuevo (el suyo lo puso otra persona)
err-import-running = Ya hay una importación en marcha; espere a que termine
err-not-in-exchange = { $file } no está en la carpeta de intercambio { $dir }; cópielo allí primero
err-import-file = No se pudo leer { $file }: { $detail }
bo-store-logo = Logotipo del tique
bo-store-logo-preview = Así sale en el tique (los puntos de la impresora, en blanco y negro)
bo-store-logo-remove = Quitar el logotipo
bo-store-logo-remove-ask = ¿Quitar el logotipo de los tiques?
bo-confirm-remove-logo = Sí, quitarlo
bo-store-no-logo = Sin logotipo: los tiques empiezan por el nombre de la tienda.
bo-store-logo-use = Usar { $file }
bo-store-logo-none = Para poner un logotipo, copie un PNG en { $dir } y pulse Actualizar.
bo-store-title = Datos de la tienda
bo-taxes-title = Tipos de impuesto
bo-catalog-title = Productos
bo-people-title = Quién trabaja aquí
bo-devices-tests = Pruebas
bo-devices-addresses = Direcciones
bo-devices-addresses-detail = usb:/dev/usb/lp0, tcp://192.168.1.50:9100, serial:/dev/ttyUSB0, file:/ruta, o «printer» para un cajón conectado a la impresora. Se aplican al reiniciar Caja.
bo-devices-title = Dispositivos de esta caja
bo-person-role-of = Rol de { $name }
bo-pad-title = o con el teclado:
bo-pad-erase = Borrar una cifra
bo-pad-digit = Cifra { $digit }
bo-pins-differ = No coinciden
bo-tax-dated-re = { $rate } (recargo { $recargo }) desde { $from }
bo-tax-recargo = Recargo de equivalencia
bo-tax-recargo-detail = Solo en factura completa a un cliente en recargo de equivalencia; nunca en los tiques de la tienda.
bo-tax-exempt = Exención
bo-tax-taxed = No exento
bo-tax-exempt-cause = Exento, { $article }
bo-tax-dated-one = { $rate } desde { $from }
bo-cancel-esc = Cancelar (Esc)
button-back-office = Gestión

# Fiscal records (VERI*FACTU)
bo-store-fiscal-regime = Régimen fiscal
bo-store-fiscal-environment = Entorno fiscal
err-profile-regime = «{ $value }» no es un régimen fiscal (verifactu, none-foral, none-sii, none)
err-profile-environment = «{ $value }» no es un entorno fiscal (test, production)
err-already-replaced = Este ticket ya se sustituyó por la factura { $invoice }; reimprima esa.
err-cannot-replace = El ticket { $ticket } no se puede sustituir por una factura: { $why ->
    [full-invoice] ya es una factura completa.
    [training] se hizo en modo formación.
   *[returned] se devolvió en parte; devuelva el resto y venda de nuevo con factura.
}
err-no-customer-chosen = Elija el cliente de la factura (o añada uno con F5).
err-fiscal-reconcile = { $detail }
err-fiscal-not-reconciled = Esta tienda se restauró de una copia (o va por detrás de la AEAT): vuelve a vender cuando se concilie. Con red lo consulta sola a la AEAT; sin red, un encargado puede abrir una serie nueva (Oficina › Fiscal, o caja fiscal reconcile --new-series --reason …).
err-fiscal-regime-unset = La tienda tiene NIF español pero ningún régimen fiscal: elija VERI*FACTU (caja config set fiscal.regime verifactu), o declare por qué Caja no emite registros (none-foral, none-sii). No se puede vender hasta entonces.
err-fiscal-none-with-spanish-id = Con NIF español el régimen «none» no vale: elija verifactu, o none-foral / none-sii declarando el motivo.
err-fiscal-identity-missing = VERI*FACTU necesita el NIF y la razón social de la tienda: rellénelos en Tienda (back office) o con caja store set.
err-fiscal-environment-unset = Elija adónde van los registros fiscales: caja config set fiscal.environment production (o test para una tienda de prueba).
err-fiscal-ticket-over-limit = Más de 3.000 €: no se puede emitir como ticket. Hace falta una factura completa con los datos del cliente.
err-fiscal-customer = La factura completa necesita el NIF y el nombre del cliente.
err-fiscal-record = No se pudo crear el registro fiscal; la venta no se ha guardado: { $detail }
# The fiscal QR's legends (the AEAT's words, the same in every language)
receipt-qr-title = QR tributario:
receipt-qr-verifactu = VERI*FACTU
err-training-ticket = Ese tique es de formación: solo se devuelve en modo formación.
err-training-real-ticket = Está en modo formación: un tique real no se devuelve en formación.
receipt-training = FORMACIÓN — SIN VALIDEZ
status-training = FORMACIÓN
bo-person-training = { $name } en formación
expect-file-path = «{ $value }» no vale para { $key }: la ruta completa de un fichero
expect-https-url = «{ $value }» no vale para { $key }: una dirección https://
err-store-fiscal-sender-running = Otro proceso (la caja o caja fiscal send) ya está enviando los registros fiscales; sigue él.
status-fiscal = Fiscal
status-fiscal-blocked = sin régimen
status-fiscal-detail = En cola: { $waiting } (el más antiguo: { $oldest }) · En la AEAT: { $accepted } (con errores: { $errors }) · Rechazados: { $rejected }
status-fiscal-real-on-test = ¡Una tienda con NIF real envía al entorno de PRUEBAS de la AEAT! Sus tiques no constan: caja config set fiscal.environment production
status-fiscal-no-certificate = Sin certificado: los registros se guardan y esperan. Configure fiscal.certificate y fiscal.certificate_password_file para enviarlos a la AEAT.
status-fiscal-broken = No se puede enviar a la AEAT: { $detail }
err-customer-taken = El NIF { $tax_id } ya está en la agenda de clientes: «{ $owner }».
err-no-such-customer = No existe el cliente n.º { $id }.
err-customer-tax-id = El NIF del cliente no es válido ({ $detail }).
err-customer-tax-id-missing = Falta el número de identificación fiscal del cliente (hasta 20 caracteres).
err-customer-name = Falta el nombre o la razón social del cliente (hasta 120 caracteres).
err-customer-address = Una factura completa lleva el domicilio del cliente: calle, y código postal y población.
err-customer-country = «{ $value }» no es un código de país de dos letras (ES, PT, FR…).
bo-store-simplified-limit = Límite del tique (€)
err-profile-limit = «{ $value }» no es un límite de 1 a 3000 (euros enteros: 3000 en comercio minorista, 400 en los demás casos).
err-full-invoice-needed = Más de { $limit } €: no puede ir en tique. Elija el cliente (F5) para emitir una factura completa.
err-recargo-on-replacement = Este cliente está en recargo de equivalencia: un ticket no puede pasar a ser su factura (cambiaría el importe). Devuelva el ticket y venda de nuevo con factura a su nombre.
err-no-recargo-rates = Ningún tipo de IVA vigente tiene recargo de equivalencia: fíjelo en las clases de impuesto (Oficina › Impuestos) antes de facturar a un cliente en ese régimen.
receipt-full-invoice = FACTURA
receipt-full-refund = FACTURA RECTIFICATIVA
receipt-customer = Cliente:
help-customer = factura completa: elegir o dar de alta el cliente
button-customer = Cliente (F5)
customer-replace-title = Factura del ticket { $ticket }
return-invoice-ticket = Factura de este ticket (F5)
return-invoice-issued = Factura { $number } emitida; sustituye al ticket.
customer-title = Factura completa: cliente
customer-current = Ahora: { $name } ({ $tax_id })
customer-nothing = Ningún cliente coincide. F5: cliente nuevo.
customer-hint = Escriba nombre o NIF · ↑ ↓ elegir · Intro facturar a ese cliente · F5 cliente nuevo · Supr volver a tique · Esc cerrar
customer-form-hint = Tab o ↓ siguiente campo · Intro dar de alta y facturar · Esc cerrar
customer-tax-id = NIF
customer-name = Nombre o razón social
customer-address = Dirección
customer-city = C. P. y población
customer-country = País
sale-invoice-to = Factura a { $name } ({ $tax_id })
bo-section-fiscal = Fiscal
bo-fiscal-title = Fiscal (VERI*FACTU)
bo-fiscal-detail = Régimen, entorno y límite del tique; cómo va el envío a la AEAT y cada registro con su estado.
bo-fiscal-unset = (sin elegir)
bo-fiscal-verifactu = VERI*FACTU
bo-fiscal-none-foral = Ninguno: territorio foral (TicketBAI / sistema propio)
bo-fiscal-none-sii = Ninguno: SII
bo-fiscal-none = Ninguno (sin NIF español)
bo-fiscal-test = Pruebas (AEAT preproducción)
bo-fiscal-production = Producción
bo-fiscal-summary = { $total } registros · En cola: { $waiting } (el más antiguo: { $oldest }) · En la AEAT: { $accepted } (con errores: { $errors }) · Rechazados: { $rejected }
bo-fiscal-failing = El envío falla ({ $n } veces seguidas): { $error }. Los registros siguen en cola.
bo-fiscal-reconcile-pending = Tienda restaurada: no vende hasta conciliarse con la AEAT ({ $detail }; desde { $since }). Con red, la caja consulta a la AEAT por sí sola.
bo-fiscal-reconcile-offline = Sin red, un encargado puede abrir ahora una serie nueva: su primer registro se encadena al último que tiene esta tienda, la AEAT lo marcará (2002/2003, aceptado con errores) — es lo esperado — y los registros que faltan se traen cuando vuelva la red.
bo-fiscal-reconcile-reason = Motivo (queda en el registro de auditoría)
bo-fiscal-reconcile-new-series = Abrir serie nueva
bo-fiscal-reconcile-new-series-on = Vendiendo en la serie nueva { $mark } ({ $reason }). La AEAT marcará su primer registro (2002/2003): es lo esperado. Los registros que faltan se traen cuando responda la AEAT.
bo-fiscal-refresh = Actualizar
bo-fiscal-number = Número
bo-fiscal-kind = Tipo
bo-fiscal-issued = Fecha
bo-fiscal-total = Importe
bo-fiscal-state = Estado en la AEAT
bo-fiscal-waiting = En cola
bo-fiscal-sent = Enviado, sin respuesta aún
bo-fiscal-accepted = Aceptado
bo-fiscal-accepted-with-errors = Aceptado con errores
bo-fiscal-rejected = Rechazado
