# Caja — English texts. Every id exists in every language with the same variables; amounts and
# numbers arrive already formatted. No spaces at the start or end of a text: Fluent trims them.

## Receipt

receipt-invoice = SIMPLIFIED INVOICE
receipt-refund = CORRECTIVE SIMPLIFIED INVOICE
receipt-copy = COPY
receipt-refers = Corrects
receipt-cashier = Served by
receipt-discount = Discount
receipt-total = TOTAL
receipt-rounding = Rounding
receipt-tax-included = { $tax } included
receipt-exempt = Exempt
receipt-base = Base
receipt-quota = Tax
receipt-change = Change
receipt-thanks = Thank you
receipt-tax-id = Tax id

tender-cash = cash
tender-card = card
tender-other = other

## X and Z reports

report-x = X REPORT
report-z = Z REPORT
report-shift = Shift
report-sales = Sales
report-returns = Returns
report-discounts = Discounts
report-net = NET
report-tax-line = Tax { $rate } base { $base }
report-float = Float
report-cash-in = Cash in
report-cash-out = Cash out
report-cash-sales = Cash sales
report-expected = Expected
report-counted = Counted
report-over = Over
report-short = Short
report-balanced = Balanced
report-no-sales = No-sale openings

## Login

login-title = Enter your PIN
login-delete = Delete
login-enter = Log in
login-unlock = Unlock (manager)
login-demo-pins = Demo — cashier 1111 · manager 9999 · technician 7777
login-hello = Hello, { $name }
login-unlocked-by = Unlocked by { $name }
login-scan-first = Log in with your PIN before scanning
login-idle-locked = Locked after being idle; the sale is kept

## Sale

sale-code = Code
sale-start = Scan a product to start
sale-voided = voided
sale-total = TOTAL
sale-tax-included = Tax included { $tax }
sale-discounts = Discounts { $amount }
sale-change = Change { $amount }
sale-paid = Sale { $number } · { $total }
sale-parked = Sale parked (F4 to recall it)
sale-recalled = Sale recalled
sale-no-parked = No parked sales
sale-no-receipt = No receipt yet
scan-not-used = «{ $code }»: scan not used; finish what is on screen first

## Payment

pay-tendered = Tendered
pay-to-pay = To pay
pay-paid = Paid { $amount }
pay-hint = Amount + Enter = cash · Enter = exact · F5 = card · Esc = back
pay-cash-note = Cash { $amount }
pay-scan-refused = That was a scan while paying: Esc to go back to the sale and scan
pay-too-much = «{ $amount }»: is far more than what is left; check the amount. Left: { $left }
pay-not-an-amount = «{ $amount }»: not an amount (e.g. 20 or 12.50)

## Keys and buttons (the key's name is added in brackets: "Pay (F12)")

key-enter = Enter
key-escape = Esc
key-delete = Del
key-home = Home
key-backspace = Backspace
key-scan = 0-9 … Enter
key-quantity = N * code
key-amount = amount Enter
button-pay = Pay
button-search = Search
button-park = Park
button-discount = Discount
button-void = Void
button-return = Return
button-no-sale = Drawer
button-shift = Shift
button-receipt = Receipt
button-help = Help
button-logout = Log out
button-exact = Exact cash
button-card = Card
button-back = Back
button-back-esc = Back (Esc)

## Help (F1)

help-title = Keyboard
help-sale = Sale
help-payment = Payment
help-scan = scan or type a code / PLU
help-quantity = N units of the next item
help-erase = delete the last character
help-help = this help
help-search = search products (↑ ↓ Enter)
help-receipt = show / reprint the last receipt
help-park = park the sale / recall a parked one
help-discount = discount or price change
help-devices = devices (technician or manager)
help-return = return against a receipt
help-no-sale = open the drawer (no sale)
help-shift = shift: cash in/out, X, Z close
help-logout = log out
help-pay = pay
help-void = void the selected line
help-select = select a line
help-clear = back / cancel
help-pay-cash = cash tendered (change shown large)
help-pay-exact = exact cash
help-pay-card = card for the rest (type the reference first)
help-pay-back = back to the sale

## Dialogs

dialog-close = Close (Esc)
search-title = Search products
search-nothing = Nothing found
search-hint = ↑ ↓ choose · Enter add · Esc close · a scan goes to the sale
parked-title = Parked sales
discount-title = Discount or price
discount-line-percent = Line %
discount-line-amount = Line amount
discount-ticket-percent = Ticket %
discount-ticket-amount = Ticket amount
discount-price = Price
discount-hint = ← → choose · type the value · Enter apply (empty = remove) · Esc
discount-not-a-value = «{ $value }»: not a valid value
approval-title = Manager approval
approval-hint = A manager types their PIN and presses Enter
no-sale-title = Open drawer (no sale)
no-sale-reason = Reason:
no-sale-preset-change = Change
no-sale-preset-error = Payment error
no-sale-done = Drawer opened (recorded)
receipt-last = Last receipt
receipt-reprint = Reprint
receipt-sent = Receipt sent to the printer

## Return (F8)

return-title = Return
return-finish-sale-first = Finish or park the sale before a return
return-number-hint = Type or scan the receipt number (e.g. T01-000123) and press Enter · Esc back
return-item = Item
return-sold = Sold
return-returnable = Returnable
return-to-return = To return
return-lines-hint = ↑ ↓ line · Enter = all / none, or quantity + Enter · F12 continue · Esc cancel
return-continue = Continue (F12)
return-choose-a-line = Choose at least one line (Enter)
return-at-most = «{ $typed }»: at most { $max }
return-reason = Reason for the return:
return-reason-hint = Enter = refund cash · F5 = to the card · Esc cancel
return-cash = Cash (Enter)
return-card = Card (F5)
return-refunded = Refund { $number } · { $total }

## Shift (F10)

shift-title-open = Shift no. { $id } · opened at { $time }
shift-summary = Float { $float } · cash in { $cash_in } · cash out { $cash_out } · cash sales { $sales }
shift-title = Shift
shift-backups = Backups: { $state }
shift-menu-cash-in = Cash in
shift-menu-cash-out = Cash out
shift-menu-x = X report
shift-menu-close = Close shift (count and Z)
shift-back-to-sale = Back to sale (Esc)
shift-float-hint = Open a shift: type the float and press Enter
shift-open = Open shift (Enter)
shift-log-out = Log out (Esc)
shift-opened = Shift opened with { $amount }
shift-not-an-amount = «{ $amount }»: not an amount
shift-cash-in = Cash in
shift-cash-out = Cash out
shift-amount = Amount: { $value }
shift-reason = Reason: { $value }
shift-cash-move-hint = Amount, Enter, reason, Enter · Esc back
shift-moved = Recorded: { $amount }
shift-count-hint = Blind count: count the drawer. ↑ ↓ choose · number + Enter · F12 close the shift
shift-count-other = Other (amount)
shift-count-total = Counted { $amount }
shift-count-close = Close shift with this count (F12)
shift-count-not-a-number = «{ $typed }»?
shift-counted = Counted { $amount }
shift-expected = Expected { $amount }
shift-closed-hint = Shift closed. Enter = open another shift · Esc = log out

## Devices (F7)

devices-title = Devices
devices-printer = Printer
devices-drawer = Drawer
devices-scanner = Scanner
devices-display = Display
devices-scale = Scale
devices-none = none
devices-drawer-on-printer = on the printer
devices-drawer-open = open
devices-drawer-closed = closed
devices-wedge-only = keyboard wedge only
devices-queued = { $n } queued: { $error }
devices-printed = { $n } printed
devices-detected = Detected:
devices-detected-none = no USB printer or serial port
devices-change = Change { $key }
devices-edit-hint = ↑ ↓ another setting · type the address · Enter save · Esc leave
devices-edit-key = E = change addresses (usb:, tcp://, serial:, file:)
devices-last-scan = Last test scan: { $code }
devices-saved = { $key } saved — applies when Caja restarts
devices-test-print = Test print
devices-test-drawer = Open drawer
devices-test-scale = Read weight
devices-test-display = Show on display
devices-test-queue = Retry the queue
devices-test-sent = Test sent to the printer
devices-drawer-pulsed = Drawer: pulse sent
devices-drawer-pulsed-port = Drawer: pulse sent to its port
device-not-serial = { $uri } is not a serial address (serial:/dev/…)
device-not-found = { $uri } not found ({ $detail }); check the cable
device-unplugged = { $uri } was unplugged
device-failed = { $uri } stopped: { $detail }
device-no-thread = the device's thread is not running: { $detail }
devices-no-printer = No printer: caja config set devices.printer usb:/dev/usb/lp0
devices-no-drawer = No drawer: caja config set devices.drawer printer (on the printer) or serial:/dev/ttyUSB3
devices-no-scale = No scale configured
devices-no-config-file = This till has no configuration file to edit (start it with --config)
scale-weighing = Weighing { $name }…
scale-weighing-test = Weighing…
devices-no-display = No display configured
devices-display-test = Display test

## Customer display (2 × 20)

display-welcome = Welcome
display-welcome-to = Welcome to { $name }
display-total = TOTAL
display-to-pay = To pay
display-paid-total = Total
display-change = Change

## Status bar

status-user = User: { $name }
status-till = Till: { $terminal }
status-shift = Shift: { $state }
status-shift-open = open no. { $id }
status-shift-closing = closing
status-shift-none = no shift
status-light = • { $name }
status-light-state = • { $name }: { $state }
status-light-count = • { $name } ({ $n })
status-light-count-state = • { $name } ({ $n }): { $state }
status-printer = Printer
status-printer-ready = ready
status-printer-printing = { $n } printing
status-printer-not-printing = not printing
status-printer-waiting = { $n } waiting: { $why }
status-drawer-open = • Drawer open
status-drawer-stuck = • Drawer: does not open
status-scanner = Scanner
scanner-connected = connected
scanner-disconnected = disconnected
scanner-replugged = { $why } — after replugging the scanner, restart Caja (confinement allows only the device present at start-up)
status-sandbox = Sandbox
status-sandbox-off = off
status-sandbox-partial = partial
status-sandbox-none = the process is not confined
status-sandbox-full = fully confined
status-backup = Backup
backup-none = no backups
backup-unconfigured = no backup destination: caja config set backup.dir and backup.recipients
backup-age-recent = less than 1 h ago
backup-age-hours = { $hours } h ago
backup-age-days = { $days } days ago
backup-last = last backup: { $age }
backup-never = no backup yet
backup-running = { $state } · backing up…
backup-last-error = { $state } · last error: { $error }

## Printer

printer-short-paper-out = out of paper
printer-short-cover-open = cover open
printer-short-offline = offline
printer-short-paper-near-end = paper near its end
printer-paper-out = the printer is out of paper; load a roll
printer-cover-open = the printer cover is open; close it
printer-offline = the printer is offline; check it
printer-paper-near-end = the paper roll is near its end; keep a new one at hand
printer-cannot-open = cannot open { $uri }; check the cable / power and the device address
printer-write-failed = printing was cut off: { $uri }: { $detail }; it will be retried
printer-failed = could not print: { $detail }

## Scale

scale-failed = { $name }: { $why }
scale-unstable = the weight is not stable yet; wait for the scale to settle and try again
scale-zero = the scale reads zero; put the product on the scale
scale-over-capacity = the scale is over its capacity
scale-under-zero = the scale reads below zero; empty it and zero it
scale-garbled = the scale sent something unreadable ({ $bytes }); check its protocol is Toledo
scale-unreachable = the scale at { $uri } cannot be reached: { $why }

## Errors

err-print = The receipt could not be prepared for the printer: { $detail }
err-logo-read = Cannot read the logo { $file }: { $detail }
err-logo-too-big = The logo { $file } is larger than 4 MiB: save it smaller (a few hundred pixels wide is plenty).
err-logo-not-png = { $file } is not a PNG image Caja can read ({ $detail }): save it as PNG.
err-logo-dimensions = The logo { $file } is { $width }×{ $height } pixels: use one at most 4000 pixels either way.
err-reprice-unreadable = «{ $value }» is not a price change: type a percentage (5, -10, 2.5) or an amount (0.10).
err-reprice-ending = A price ending is one digit: 9 for .x9, 5 for .x5.
err-reprice-below-zero = A cut of more than 100 % would make prices negative.
expect-terminal-id = «{ $value }» is not valid for { $key }: 1 to 8 capital letters or digits, e.g. T01
expect-one-line = «{ $value }» is not valid for { $key }: one line of at most 120 characters
expect-png-path = «{ $value }» is not valid for { $key }: an absolute path to a PNG file
expect-folder-path = «{ $value }» is not valid for { $key }: an absolute path to a folder (local, USB stick or share)
expect-one-of = «{ $value }» is not valid for { $key }: one of { $words }
expect-seconds = «{ $value }» is not valid for { $key }: a whole number of seconds from 0 to { $max }
expect-count = «{ $value }» is not valid for { $key }: a whole number from 0 to { $max }
expect-flag = «{ $value }» is not valid for { $key }: true or false
expect-variable-layouts = «{ $value }» is not valid for { $key }: PREFIX[-PREFIX]:4..6:weight|price, prefixes 20–29
expect-language = «{ $value }» is not valid for { $key }: auto or a language with message files ({ $tags })
expect-cash-step = «{ $value }» is not valid for { $key }: off, or the coin step cash is rounded to (0.05 for euros, 10 for Chilean pesos)
err-config-refused = «{ $value }» is not valid for { $key }: { $reason }
err-config = Invalid configuration: { $detail }
err-other-currency = An amount in { $given } cannot be used on a till that takes { $till }
err-amount-too-large = Amount out of range
err-not-logged-in = log in first
err-wrong-pin = wrong PIN; { $attempts } attempts left before the till locks
err-locked = too many wrong PINs: the till is locked until { $until } ({ $minutes } min); a manager can unlock it
err-needs-approval = this needs a manager; ask a manager to enter their PIN
err-approval-refused = that PIN does not belong to someone allowed to approve this
err-unknown-code = no product has the code { $code }; check the code or look the product up (F2)
err-needs-weight = { $name } is sold by weight; weigh it or scan the scale label
err-not-weighed = { $name } is sold by the unit; a weight does not apply
err-no-open-shift = no shift is open on this till; open one with a float first
err-shift-closing = the shift is being closed; finish the count before selling
err-empty-sale = the sale is empty
err-not-paying = no payment is in progress
err-paying = a payment is in progress; finish it or cancel it first
err-card-already-taken = a card payment was already taken; finish the sale (the amount cannot just be dropped)
err-sale-in-progress = finish or park the current sale first
err-unknown-document = no receipt has the number { $number }
err-not-a-sale = { $number } is a return, not a sale; returns are made against the original sale
err-return-too-much = line { $line }: at most { $max } can still be returned
err-no-such-receipt-line = line { $line } is not on that receipt
err-reason-required = give a reason
err-nothing-to-return = choose at least one line to return
err-parked-not-found = that parked sale is not there any more
err-parked-corrupt = the parked sale could not be read: { $detail }

err-store-wrong-key = the database key does not open { $path }: wrong key file, or not a Caja database; nothing was changed
err-store-key-missing = the key file { $path } is missing; restore it (a new empty database is never created over an existing one)
err-store-bad-key-file = the key file { $path } is not a key: it must hold 64 hexadecimal characters (or 32 raw bytes)
err-store-key-too-open = the key file { $path } can be read by other users; run: chmod 600 { $path }
err-store-key-not-owned = the key file { $path } belongs to another user; chown it to the user the till runs as
err-store-io = { $path }: { $detail }
err-store-schema-too-new = the database was written by a newer Caja; install the newer Caja that wrote it
err-store-migration-failed = updating the database failed; it was put back as it was before, from the snapshot { $path } — nothing is lost
err-store-disk-full = the disk is full; free space and try again (nothing was half-written)
err-store-sql = database error: { $detail }
err-store-corrupt = stored data is not valid: { $detail }
err-store-pin-format = a PIN is 4 to 8 digits
err-store-user-name = a user needs a name
err-store-pin-taken = that PIN is already used by another user; PINs are unique in a store
err-store-last-manager = this is the last active manager; make another user a manager first
err-store-no-such-user = there is no user #{ $id }
err-store-no-such-category = there is no category «{ $name }»
err-pin-repeated = one digit repeated is the first PIN a thief tries; choose another
err-pin-pattern = a repeated pattern (1212) is easy to guess; choose another
err-pin-sequence = digits in a row (1234, 9876) are easy to guess; choose another
err-pin-year = a year is easy to guess; choose another
err-store-shift-already-open = terminal { $terminal } already has an open shift; close it first
err-store-shift-not-open = the shift is not open
err-store-negative-price = { $product }: a price must not be negative
err-store-code-taken = the code { $code } already belongs to another product
err-store-sku-taken = the SKU { $sku } already belongs to «{ $owner }»
err-store-code-owned = the code { $code } already belongs to «{ $owner }»
err-store-no-such-product = there is no product #{ $id }
err-product-name-missing = a product needs a name
err-product-too-long = at most { $max } characters
err-product-negative-price = a price cannot be negative
err-product-negative-cost = a cost cannot be negative
err-product-too-large = the amount is too large
err-product-tax-class = choose a tax class
err-product-barcode-twice = the barcode { $code } is listed twice
err-product-one-line = one line only
err-store-currency-fixed = the store has sold in { $currency }; its currency cannot change
err-tax-id-length = a Spanish tax id has 9 characters ({ $found } given)
err-tax-id-not-digit = character { $position } («{ $found }») should be a digit
err-tax-id-first = the first character «{ $found }» does not start a NIF, NIE or CIF
err-tax-id-control = the control character (the 9th) is «{ $found }» but should be «{ $expected }»
err-profile-line = one line of at most { $max } characters
err-profile-lines = at most { $max } lines of { $width } characters
err-profile-currency = «{ $value }» is not a currency Caja knows (EUR, USD, MXN, COP, ARS, PEN, CLP)
err-profile-time-zone = «{ $value }» is not a time zone (e.g. Europe/Madrid, Atlantic/Canary)
err-profile-territory = «{ $value }» is not a territory (peninsula, canarias, ceuta, melilla, other)
err-profile-locale = «{ $value }» is not a language (es, en, es-MX…)
err-profile-required = required
err-profile-unknown = there is no store key «{ $key }»
err-store-rate-in-the-past = a new rate starts today or later ({ $from } is past); a past day keeps the rate it had
err-store-no-such-tax-class = there is no tax class «{ $code }»
err-tax-class-code = a tax class code is 1 to 20 lowercase letters, digits or dashes
err-tax-class-name = a tax class needs a name
err-tax-rate-range = a rate is between 0 and 100 %
err-tax-exempt-with-rate = an exempt class has a rate of 0 %
err-tax-class-no-rate = a tax class needs a rate
err-store-no-class-at-rate = no tax class has a rate of { $rate } in force; add one or pick a class
err-store-internal = internal error: { $detail }
err-store-in-use = the store in { $dir } is open in another process (a till, the back office or a caja command); close them first
err-store-import-running = another catalog import is running; wait for it to finish
err-store-restore-under-way = a restore is replacing the store in { $dir }; wait until it finishes, then try again
err-store-till-running = a till is already running on { $dir }; close it first
err-store-network-share = the data dir { $dir } is on a network share ({ $fs }); the store must be on a disk of this computer

err-barcode-empty = empty code
err-barcode-not-digits = «{ $code }» is not a barcode: only digits are allowed
err-barcode-check-digit = «{ $code }» has a wrong check digit (expected { $expected }); scan it again or type it
err-barcode-length = «{ $code }» has an unsupported length ({ $digits } digits): use EAN-13, EAN-8, UPC-A, UPC-E or a PLU of up to 6 digits

err-cart-no-such-line = there is no line { $line } in this sale
err-cart-line-voided = line { $line } is voided
err-cart-bad-percent = a percentage discount must be between 0 and 100 %
err-cart-bad-amount = a discount amount must be positive and not above what it discounts
err-cart-negative-price = a price must not be negative
err-cart-bad-tax-rate = this item's tax rate is not valid
err-cart-too-many-lines = a sale holds at most { $max } lines; finish this one and start another

err-amount-not-positive = an amount must be positive
err-tender-overpaid = a card or other payment cannot be more than what is left to pay
err-tender-already-paid = the sale is already paid
err-tender-card-number = that looks like a card number; card numbers are never accepted — type the terminal's authorisation reference instead
err-tender-bad-reference = a reference has at most 40 letters, digits and - _ / .

err-shift-not-open = the shift is { $state ->
    [open] open
    [closing] closing
   *[closed] closed
}, not open
err-shift-not-closing = the shift is not being closed; start closing it first
err-shift-negative-float = the float must not be negative
err-shift-no-reason = give a reason for the cash movement
err-shift-blind-count = the count is blind: the expected amount is shown after counting

err-quantity-not-positive = quantity must be greater than zero
err-quantity-fractional = items sold by the unit need a whole number of units
err-quantity-too-large = quantity too large (at most 99,999 units or kg on one line)

## The command line
cli-day-report = Day report { $date }
cli-net-total = Net total
cli-by-tender = By tender
cli-by-tax-rate = By tax rate (base / tax / total)

## catalog import

import-row-problem = Row { $row }, column { $column } ({ $header }), «{ $value }»: { $why }
import-row-problem-no-column = Row { $row }: { $why }
import-why-bad-check-digit = wrong check digit (it should be { $expected }); check the barcode
import-why-not-a-barcode = not a barcode: a barcode has 8, 12, 13 or 14 digits
import-why-mangled-by-excel = a spreadsheet turned the barcode into a number like 8.41E+12 and lost digits; format the column as text and export again
import-why-lost-leading-zeros = the barcode lost its leading zeros (it was probably { $restored }); format the column as text and export again
import-why-duplicate-barcode = this barcode is also on row { $first_row }
import-why-duplicate-sku = this SKU is also on row { $first_row }
import-why-unreadable-price = not an amount (e.g. 3.50 or 3,50)
import-why-negative-price = a price must not be negative
import-why-unknown-tax = no tax class of the store matches «{ $text }» today
import-why-no-tax = the row has no tax: fill it in or name the class for the whole file (--tax-class)
import-why-missing-name = the product has no name
import-why-not-a-flag = not a yes/no value (Y/N, yes/no, sí/no, true/false, 1/0)
import-why-unknown-unit = not a unit of sale: use «unit» or «kg»
import-why-bad-content = not a net content: write it as 500 g, 1.5 kg, 750 ml or 1 L
import-why-bad-plu = a PLU has 1 to 6 digits
import-product-name-too-long = the name is longer than { $max } characters
import-product-short-name-too-long = the receipt name is longer than { $max } characters
import-product-too-long = longer than { $max } characters
import-product-negative-cost = a cost must not be negative
import-product-too-large = the amount is too large
import-product-barcode-twice = the barcode { $code } is twice on the same product
import-product-not-one-line = a name or code must be one line
import-err-empty = The file is empty
import-err-not-a-spreadsheet = Not a spreadsheet: import a CSV, XLSX or ODS file
import-err-unreadable = The file cannot be read: { $detail }
import-err-unknown-header = The columns are not recognised ({ $headers }): say what each holds with --map COLUMN=FIELD
import-err-map-unknown-column = --map names a column the file does not have: { $column }
import-err-no-tax-in-file = The file has no taxes: name the tax class of its products with --tax-class
import-err-unknown-tax-class = The store has no tax class «{ $class }»
export-err-xlsx = The spreadsheet could not be written: { $detail }

## back office
help-back-office = Back office: store, taxes, catalog and people
bo-import = Import…
bo-reprice = Change prices
bo-reprice-title = Change prices
bo-reprice-detail = Raise or lower at once the prices of a category, a tax class or some names (all, when nothing is chosen). A preview comes first; each change goes into the product's history.
bo-reprice-which = Which products
bo-reprice-category = Category
bo-reprice-all-categories = All
bo-reprice-all = All
bo-reprice-words = Name with the words
bo-reprice-words-hint = e.g. whole milk
bo-reprice-how = By how much
bo-reprice-percent = Percentage
bo-reprice-amount = Amount
bo-reprice-change = Change
bo-reprice-percent-hint = 5 or -10 (%)
bo-reprice-amount-hint = 0.10 or -0.05
bo-reprice-ending = Round to
bo-reprice-ending-none = no rounding
bo-reprice-ending-9 = .x9
bo-reprice-ending-5 = .x5
bo-reprice-ending-0 = .x0
bo-reprice-labels = Print shelf labels of the products that change
bo-reprice-preview = Preview
bo-reprice-apply = Apply
bo-reprice-ask = Change the price of { $count } products? Each change goes into its history.
bo-confirm-reprice = Yes, change prices
bo-reprice-would = { $count } prices change, { $unchanged } stay the same. Nothing has changed yet: press Apply.
bo-reprice-done = Done: { $count } prices changed; { $labels } labels sent to the printer.
bo-reprice-old = Before
bo-reprice-new = Now
help-bo-reprice = Change the prices of many products at once
bo-import-title = Import the catalog
bo-import-detail = CSV, XLSX or ODS files in the exchange folder { $dir } (Loyverse, Square, Shopify, Odoo, uniCenta or Caja's own layout). Preview first; if any row is wrong, nothing is imported.
bo-import-files = Files
bo-import-refresh = Refresh
bo-import-no-files = There are no files in { $dir }. Copy the CSV, XLSX or ODS your previous program exported there and press Refresh.
bo-import-map = The columns are not recognised: say what each one holds (at least the name and the price) and preview again
bo-import-map-ignore = (do not import)
bo-import-map-column = What column { $column } holds
bo-import-tax-class = Tax class of the products
bo-import-from-file = As the file says
bo-import-prices = The file's prices
bo-import-prices-as-layout = as the file says
bo-import-with-tax = include tax
bo-import-without-tax = exclude tax
bo-import-preview = Preview
bo-import-go = Import
bo-import-close = Close
bo-import-would = { $layout } file: { $new } new, { $changed } changed, { $unchanged } unchanged. Nothing is written yet: press Import.
bo-import-done = Imported ({ $layout } file): { $new } new, { $changed } changed, { $unchanged } unchanged.
bo-import-refused = Nothing was imported: { $rows } rows with problems. Fix them in the file and try again.
bo-import-more = … and { $rows } more rows
bo-import-starting = Starting…
bo-import-reading = Reading: row { $rows } of { $of }
bo-import-checking = Checking against the catalog…
bo-import-writing = Writing: { $rows } of { $of } products
bo-import-publishing = Publishing the new catalog…
bo-clash-barcode-owned = Row { $row }: the barcode { $code } belongs to «{ $owner }» in the catalog
bo-clash-sku-owned = Row { $row }: the SKU { $sku } belongs to «{ $owner }» in the catalog
bo-clash-two-products = Row { $row }: its barcode and SKU belong to two different products («{ $a }» and «{ $b }»)
bo-clash-unknown-class = Row { $row }: the store has no tax class «{ $code }»
bo-catalog-tab-products = Products
bo-catalog-tab-keys = Quick keys and colours
bo-quick-keys = The sale's quick keys
bo-quick-keys-detail = Drag a key to another place, or select it and move it with Ctrl+arrows; Delete takes it off. The sale groups them by category, in this order.
bo-quick-keys-add = Add a product
bo-quick-keys-count = { $keys } of { $max } keys
bo-undo = Undo
bo-category-colours = Category colours
bo-category-colour-of = Colour { $n } for { $category }
help-office = Back office
help-bo-sections = go to section 1 … 7 of the menu
help-bo-new = new product (Catalog) or new person (People)
help-bo-filter = search the catalog
help-bo-import = import a catalog (Catalog)
help-bo-quick-keys = quick keys and colours (Catalog)
help-bo-tab = next field (Shift+Tab: the one before; Space ticks a choice)
help-bo-save = save the form
help-bo-cancel = cancel; outside a form, leave the back office
bo-keys-hint = Ctrl+1…7 sections · Ctrl+N new · F1 keys
bo-title = Back office
bo-soon = coming soon
bo-soon-detail = This section is coming soon.
bo-back-to-sale = Back to the sale (Esc)
bo-log-out = Log out (Esc)
bo-cancel = Cancel
bo-save = Save (Enter)
bo-saved = Saved
bo-confirm-deactivate = Yes, deactivate
bo-confirm-disable = Yes, disable
bo-section-store = Store
bo-section-taxes = Taxes
bo-section-catalog = Catalog
bo-section-people = People
bo-section-devices = Devices
bo-section-stock = Stock
bo-section-reports = Reports
bo-store-detail = The shop's details that receipts and reports carry.
bo-store-legal-name = Legal name
bo-store-trade-name = Trade name
bo-store-tax-id = Tax id
bo-store-address = Address
bo-store-city = Postcode and town
bo-store-phone = Phone
bo-store-receipt-header = Receipt header
bo-store-receipt-footer = Receipt footer
bo-store-currency = Currency
bo-store-locale = Receipt language
bo-store-time-zone = Time zone
bo-store-territory = Tax territory
bo-taxes-detail = Each class has its rate from a day; a ticket already made keeps its own.
bo-tax-class = Class
bo-tax-in-force = Today
bo-tax-add-rate = New rate for { $class }
bo-tax-new-class = New tax class
bo-tax-from = From (YYYY-MM-DD)
bo-tax-percent = Percent
bo-tax-code = Code
bo-tax-name = Name
bo-tax-bad-day = Type a date like 2026-01-31
bo-tax-bad-percent = Type a percent like 21 or 5.5
bo-catalog-detail = The shop's products. Click a name to edit it.
bo-catalog-filter = Search
bo-catalog-filter-hint = name or code
bo-catalog-count = Products: { $count }
bo-col-name = Name
bo-col-code = Code
bo-col-category = Category
bo-col-class = Tax
bo-col-price = Price
bo-col-active = Active
bo-col-role = Role
bo-col-state = State
bo-product-new = New product
bo-product-edit = Edit product
bo-product-detail = What is missing or wrong is shown beside each field.
bo-product-name = Product name
bo-product-short-name = Name on the receipt
bo-product-sku = SKU
bo-product-net-content = Net content
bo-product-bad-content = Write it as 500 g, 1.5 kg, 750 ml or 1 L (for the label's price per kg or litre)
bo-product-category = Product category
bo-product-price = Price with tax
bo-product-cost = Cost without tax
bo-product-barcodes = Barcodes
bo-product-plu = PLU
bo-product-tax-class = Tax class
bo-product-by-weight = Sold by weight
bo-product-stock = Track stock
bo-product-active = On sale
bo-product-deactivate = Deactivate the product
bo-product-deactivate-ask = Deactivate «{ $name }»? It will no longer sell; its tickets do not change.
bo-product-bad-amount = Not an amount (e.g. 3.50)
bo-product-bad-value = Not a valid value
bo-product-bad-plu = A PLU is 1 to 6 digits
bo-product-fix = Fix the product: { $why }
bo-price-history = Price history
bo-people-detail = Who works at the shop. Nobody is deleted: they are disabled.
bo-person-new = Add person
bo-person-name = Person's name
bo-person-pin = PIN
bo-person-pin-again = PIN again
bo-person-active = Active
bo-person-disabled = Disabled
bo-person-must-change-pin = must change PIN
bo-person-reset-pin = New PIN for { $name }
bo-person-reset-title = New PIN for { $name } (changed at their next login)
bo-person-disable-named = Disable { $name }
bo-person-enable-named = Enable { $name }
bo-person-disable-ask = Disable { $name }? They can no longer log in; their history stays.
bo-role-cashier = Cashier
bo-role-manager = Manager
bo-role-technician = Technician
bo-lift-lockout = Unlock the PIN pad
bo-devices-detail = Printer, drawer, scanner, display and scale: state and tests.
login-new-pin = Choose a new PIN
login-new-pin-again = Type the new PIN again
login-choose-new-pin = Your PIN was set by someone else: choose a new one to go on.
login-pin-changed = PIN changed
err-pins-differ = The two PINs differ; type the same PIN twice
err-manager-only = Only a manager creates, promotes or changes a manager
err-must-change-pin = Choose a new PIN first (yours was set by someone else)
err-import-running = An import is already running; wait for it to finish
err-not-in-exchange = { $file } is not in the exchange folder { $dir }; copy it there first
err-import-file = { $file } could not be read: { $detail }
bo-store-logo = Receipt logo
bo-store-logo-preview = How it prints (the printer's dots, black and white)
bo-store-logo-remove = Remove the logo
bo-store-logo-remove-ask = Remove the logo from the receipts?
bo-confirm-remove-logo = Yes, remove it
bo-store-no-logo = No logo: receipts start with the shop's name.
bo-store-logo-use = Use { $file }
bo-store-logo-none = To add a logo, copy a PNG into { $dir } and press Refresh.
bo-store-title = Store details
bo-taxes-title = Tax classes
bo-catalog-title = Products
bo-people-title = Who works here
bo-devices-tests = Tests
bo-devices-addresses = Addresses
bo-devices-addresses-detail = usb:/dev/usb/lp0, tcp://192.168.1.50:9100, serial:/dev/ttyUSB0, file:/path, or «printer» for a drawer wired to the printer. They apply when Caja starts again.
bo-devices-title = This till's devices
bo-person-role-of = Role of { $name }
bo-pad-title = or on the pad:
bo-pad-erase = Erase a digit
bo-pad-digit = Digit { $digit }
bo-pins-differ = They differ
bo-tax-dated-re = { $rate } (recargo { $recargo }) from { $from }
bo-tax-recargo = Recargo de equivalencia
bo-tax-recargo-detail = Only on a full invoice to a customer under recargo de equivalencia; never on the shop's own tickets.
bo-tax-exempt = Exemption
bo-tax-taxed = Not exempt
bo-tax-exempt-cause = Exempt, { $article }
bo-tax-dated-one = { $rate } from { $from }
bo-cancel-esc = Cancel (Esc)
button-back-office = Back office

# Fiscal records (VERI*FACTU)
bo-store-fiscal-regime = Fiscal regime
bo-store-fiscal-environment = Fiscal environment
err-profile-regime = «{ $value }» is not a fiscal regime (verifactu, none-foral, none-sii, none)
err-profile-environment = «{ $value }» is not a fiscal environment (test, production)
err-fiscal-regime-unset = The store has a Spanish tax id but no fiscal regime: choose VERI*FACTU (caja config set fiscal.regime verifactu), or declare why Caja issues no records (none-foral, none-sii). Selling waits until then.
err-fiscal-none-with-spanish-id = With a Spanish tax id the regime «none» is not allowed: choose verifactu, or none-foral / none-sii declaring why.
err-fiscal-identity-missing = VERI*FACTU needs the store's tax id and legal name: fill them in under Store (back office) or with caja store set.
err-fiscal-environment-unset = Choose where the fiscal records go: caja config set fiscal.environment production (or test for a trial store).
err-fiscal-ticket-over-limit = Over 3,000 €: this cannot be a ticket. It needs a full invoice with the customer's details.
err-fiscal-customer = A full invoice needs the customer's tax id and name.
err-fiscal-record = The fiscal record could not be made; the sale was not saved: { $detail }
# The fiscal QR's legends (the AEAT's words, the same in every language)
receipt-qr-title = QR tributario:
receipt-qr-verifactu = VERI*FACTU
err-training-ticket = That is a training ticket: it comes back only in training mode.
err-training-real-ticket = You are in training mode: a real ticket cannot come back in training.
receipt-training = TRAINING — NOT VALID
status-training = TRAINING
bo-person-training = { $name } in training
expect-file-path = «{ $value }» is not valid for { $key }: an absolute path to a file
expect-https-url = «{ $value }» is not valid for { $key }: an https:// address
err-store-fiscal-sender-running = Another process (the till, or caja fiscal send) is sending the fiscal records; it goes on.
status-fiscal = Fiscal
status-fiscal-blocked = no regime
status-fiscal-detail = Queued: { $waiting } (oldest: { $oldest }) · At the AEAT: { $accepted } (with errors: { $errors }) · Refused: { $rejected }
status-fiscal-real-on-test = A store with a real tax id sends to the AEAT's TEST service! Its tickets are not on record: caja config set fiscal.environment production
status-fiscal-no-certificate = No certificate: the records are kept and wait. Set fiscal.certificate and fiscal.certificate_password_file to send them to the AEAT.
status-fiscal-broken = Cannot send to the AEAT: { $detail }
err-customer-taken = The tax id { $tax_id } is already in the customer book: «{ $owner }».
err-no-such-customer = There is no customer #{ $id }.
err-customer-tax-id = The customer's tax id is not valid ({ $detail }).
err-customer-tax-id-missing = The customer's tax id is missing (up to 20 characters).
err-customer-name = The customer's name is missing (up to 120 characters).
err-customer-address = A full invoice carries the customer's address: street, and postcode and town.
err-customer-country = «{ $value }» is not a two-letter country code (ES, PT, FR…).
bo-store-simplified-limit = Ticket limit (€)
err-profile-limit = «{ $value }» is not a limit from 1 to 3000 (whole euros: 3000 in retail, 400 otherwise).
err-full-invoice-needed = Over { $limit } €: this cannot be a ticket. Pick the customer (F5) to issue a full invoice.
err-recargo-at-till = This customer is under recargo de equivalencia: invoices with recargo from the till come in a next version; issue it without recargo or from the invoicing program.
receipt-full-invoice = INVOICE
receipt-full-refund = CORRECTIVE INVOICE
receipt-customer = Customer:
