//! One file per layout, written as the program writes it, read into the products a shop
//! expects: variants as products with their option values in the name, taxes from the
//! per-tax columns, net prices grossed up, flags and units read.

use super::*;
use crate::till::quantity::Measure;

#[test]
fn loyverse_english_with_variants_taxes_per_column_and_a_composite() {
    let (e1, e2) = (ean("841000000001"), ean("841000000002"));
    let csv = format!(
        "Handle,SKU,Name,Category,Description,Sold by weight,Option 1 name,Option 1 value,\
Option 2 name,Option 2 value,Option 3 name,Option 3 value,Cost,Barcode,SKU of included item,\
Quantity of included item,Track stock,Available for sale [Tienda],Price [Tienda],\
In stock [Tienda],Low stock [Tienda],Tax - \"IVA\" (21%),Tax - \"IVA reducido\" (10%)
camiseta,10001,Camiseta,Ropa,,N,Talla,M,Color,Rojo,,,4.00,{e1},,,Y,Y,12.50,5,,Y,N
camiseta,10002,,,,,,L,,Azul,,,4.00,{e2},,,,Y,13.00,3,,,
pan-de-pueblo,10003,Pan de pueblo,Panadería,,Y,,,,,,,1.10,,,,Y,Y,3.20,,,N,Y
cafe,10004,Café molido,Bebidas,,N,,,,,,,,,,,N,N,variable,,,Y,N
menu,10005,Menú,Comidas,,N,,,,,,,,,10001,1,N,Y,9.90,,,Y,N
menu,,,,,,,,,,,,,,10003,2,,,,,,,
"
    );
    let p = read(csv.as_bytes(), "export_items.csv");
    assert_eq!(p.layout, Layout::Loyverse);
    assert_eq!(problems(&p), vec![]);
    let rows: Vec<usize> = p.items.iter().map(|i| i.row).collect();
    assert_eq!(rows, [2, 3, 4, 5, 6]);
    let shirt = |name: &str, sku: &str, price, code: &str| ProductDraft {
        sku: Some(sku.into()),
        category: "Ropa".into(),
        cost: Some(400),
        barcodes: vec![code.to_string()],
        stock_tracked: true,
        ..draft(name, "general", price)
    };
    assert_eq!(
        p.items[0].draft,
        shirt("Camiseta M / Rojo", "10001", 1250, &e1)
    );
    assert_eq!(
        p.items[1].draft,
        shirt("Camiseta L / Azul", "10002", 1300, &e2)
    );
    let bread = &p.items[2].draft;
    assert_eq!(
        (
            bread.measure,
            bread.tax_class.as_str(),
            bread.price,
            bread.cost
        ),
        (Measure::Kg, "reducido", 320, Some(110))
    );
    let coffee = &p.items[3].draft;
    assert_eq!(
        (coffee.price, coffee.active, coffee.stock_tracked),
        (0, false, false)
    );
    assert_eq!(p.items[4].draft.name, "Menú");
}

#[test]
fn a_loyverse_item_with_no_tax_ticked_is_one_problem_until_a_class_is_named() {
    let csv = "Handle,SKU,Name,Price [Tienda],Tax - \"IVA\" (21%),Tax - \"IGIC\" (7%)
libro,1,Libro,20.00,N,N
sello,2,Sello,1.00,N,Y
";
    let p = read(csv.as_bytes(), "export_items.csv");
    let tax = Why::UnknownTax {
        text: "Tax - \"IGIC\" (7%)".into(),
    };
    assert_eq!(
        problems(&p),
        vec![
            (2, "E".to_string(), String::new(), Why::NoTax),
            (3, "F".to_string(), "Y".to_string(), tax)
        ]
    );
    let classes = classes();
    let opts = ImportOptions {
        tax_class: Some("exento".into()),
        ..options(&classes)
    };
    let p = read_with(csv.as_bytes(), "export_items.csv", &opts).unwrap();
    assert_eq!(problems(&p), vec![]);
    assert_eq!(p.items[0].draft.tax_class, "exento");
}

#[test]
fn loyverse_spanish_headers_default_price_and_weighed_items() {
    let code = ean("841000000003");
    let csv = format!(
        "Handle,REF,Nombre,Categoria,Descripción,Vendido por peso,Opción 1 nombre,Opción 1 valor,\
Opción 2 nombre,Opción 2 valor,Opción 3 nombre,Opción 3 valor,Precio por defecto,Coste,\
Codigo de barras,REF del componente,Cantidad del componente,Seguir el Inventario,\
Usar prodcucción,Proveedor,Costo de compra,Disponibles para la venta [Pastelería],\
Precio [Pastelería],En inventario [Pastelería],Existencias bajas [Pastelería],\
modificador - \"Extras\",impuesto - \"IVA 10%\" (10%)
croissant,2001,Croissant,Bollería,,N,,,,,,,1.50,0.40,{code},,,N,N,,,Y,,,,N,Y
tarta-queso,2002,Tarta de queso,Pasteles,,Y,,,,,,,variable,,,,,N,N,,,Y,22.00,,,N,Y
"
    );
    let p = read(csv.as_bytes(), "export_items.csv");
    assert_eq!(p.layout, Layout::Loyverse);
    assert_eq!(problems(&p), vec![]);
    let croissant = ProductDraft {
        sku: Some("2001".into()),
        category: "Bollería".into(),
        cost: Some(40),
        barcodes: vec![code],
        ..draft("Croissant", "reducido", 150)
    };
    assert_eq!(p.items[0].draft, croissant);
    let cake = &p.items[1].draft;
    assert_eq!((cake.price, cake.measure), (2200, Measure::Kg));
}

#[test]
fn square_csv_with_bom_variations_and_archived_items() {
    let code = ean("841000000004");
    let csv = format!(
        "\u{feff}Reference Handle,Token,Item Name,Variation Name,SKU,Description,Categories,GTIN,\
Price,Archived,Sellable,Stockable,Default Unit Cost,Current Quantity Tienda,Tax - IVA (21%),\
Tax - IVA reducido (10%)
#cafe,AAA,Café,Pequeño,C-1,,Bebidas,,1.50,N,Y,N,,,N,Y
#cafe,BBB,Café,Grande,C-2,,Bebidas,,2.00,N,Y,N,,,N,Y
#agua,CCC,Agua 1.5 L,Regular,A-1,,Bebidas,{code},0.65,N,Y,Y,0.20,12,N,Y
#vela,DDD,Vela,Regular,V-1,,Hogar,,3.00,Y,Y,N,,,Y,N
"
    );
    let p = read(csv.as_bytes(), "items.csv");
    assert_eq!((p.layout, p.encoding), (Layout::Square, "UTF-8"));
    assert_eq!(problems(&p), vec![]);
    assert_eq!(
        names(&p),
        ["Café Pequeño", "Café Grande", "Agua 1.5 L", "Vela"]
    );
    let water = ProductDraft {
        sku: Some("A-1".into()),
        category: "Bebidas".into(),
        cost: Some(20),
        barcodes: vec![code],
        stock_tracked: true,
        ..draft("Agua 1.5 L", "reducido", 65)
    };
    assert_eq!(p.items[2].draft, water);
    let candle = &p.items[3].draft;
    assert_eq!(
        (candle.tax_class.as_str(), candle.active),
        ("general", false)
    );
}

const SHOPIFY_LEGACY: &str = "Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,\
Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,\
Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,\
Variant Inventory Policy,Variant Fulfillment Service,Variant Price,Variant Compare At Price,\
Variant Requires Shipping,Variant Taxable,Variant Barcode,Image Src,Image Position,\
Image Alt Text,Gift Card,Variant Image,Variant Weight Unit,Variant Tax Code,Cost per item,Status
taza,Taza de cerámica,<p>Taza</p>,Alfar,,Menaje,,TRUE,Color,Blanco,,,,,T-B,300,shopify,5,deny,manual,9.95,,TRUE,TRUE,BARCODE,https://x/1.jpg,1,,FALSE,,kg,,3.10,active
taza,,,,,,,,,Negro,,,,,T-N,300,shopify,2,deny,manual,10.95,,TRUE,TRUE,,https://x/2.jpg,2,,,,kg,,3.10,
taza,,,,,,,,,,,,,,,,,,,,,,,,,https://x/3.jpg,3,,,,,,,
jabon,Jabón artesano,,,,Higiene,,FALSE,Title,Default Title,,,,,J-1,100,,,deny,manual,\"4,50\",,TRUE,TRUE,,,,,FALSE,,kg,,,draft
";

#[test]
fn shopify_legacy_needs_a_tax_class_and_skips_image_rows() {
    let code = ean("841000000005");
    let csv = SHOPIFY_LEGACY.replace("BARCODE", &code);
    let classes = classes();
    let mut opts = options(&classes);
    assert_eq!(
        read_with(csv.as_bytes(), "products_export.csv", &opts),
        Err(ImportError::NoTaxInFile)
    );
    opts.tax_class = Some("general".into());
    let p = read_with(csv.as_bytes(), "products_export.csv", &opts).unwrap();
    assert_eq!(p.layout, Layout::ShopifyLegacy);
    assert_eq!(problems(&p), vec![]);
    assert_eq!(
        names(&p),
        [
            "Taza de cerámica Blanco",
            "Taza de cerámica Negro",
            "Jabón artesano"
        ]
    );
    let cup = ProductDraft {
        sku: Some("T-N".into()),
        category: "Menaje".into(),
        cost: Some(310),
        stock_tracked: true,
        ..draft("Taza de cerámica Negro", "general", 1095)
    };
    assert_eq!(p.items[1].draft, cup);
    let soap = &p.items[2].draft;
    assert_eq!(
        (soap.price, soap.active, soap.stock_tracked),
        (450, false, false)
    );
    assert_eq!(p.items[2].row, 5);
}

#[test]
fn shopify_current_with_variants_and_an_image_row() {
    let code = ean("841000000006");
    let csv = format!(
        "Title,URL handle,Description,Vendor,Product category,Type,Tags,Published on online store,\
Status,SKU,Barcode,Option1 name,Option1 value,Option1 Linked To,Option2 name,Option2 value,\
Option2 Linked To,Option3 name,Option3 value,Option3 Linked To,Price,Compare-at price,\
Cost per item,Charge tax,Tax code,Inventory tracker,Inventory quantity,\
Continue selling when out of stock,Weight value (grams),Product image URL,Image position
Sudadera,sudadera,,,,Ropa,,TRUE,active,S-S,{code},Talla,S,,,,,,,,25.00,,10.00,TRUE,,shopify,4,deny,500,https://x/s.jpg,1
,sudadera,,,,,,,,S-M,,,M,,,,,,,,26.00,,10.00,TRUE,,shopify,4,deny,500,,
,sudadera,,,,,,,,,,,,,,,,,,,,,,,,,,,,https://x/s2.jpg,2
"
    );
    let classes = classes();
    let opts = ImportOptions {
        tax_class: Some("IVA general".into()),
        ..options(&classes)
    };
    let p = read_with(csv.as_bytes(), "products.csv", &opts).unwrap();
    assert_eq!(p.layout, Layout::Shopify);
    assert_eq!(problems(&p), vec![]);
    assert_eq!(names(&p), ["Sudadera S", "Sudadera M"]);
    let m = &p.items[1].draft;
    assert_eq!(
        (
            m.price,
            m.category.as_str(),
            m.tax_class.as_str(),
            m.active,
            m.stock_tracked
        ),
        (2600, "Ropa", "general", true, true)
    );
}

#[test]
fn odoo_net_prices_become_gross_at_the_rate_of_their_class() {
    let code = ean("841000000007");
    let csv = format!(
        "\"id\",\"name\",\"default_code\",\"barcode\",\"list_price\",\"standard_price\",\
\"categ_id\",\"taxes_id\",\"available_in_pos\",\"to_weight\",\"uom_id\",\"pos_categ_ids\"
\"__export__.product_template_41_5f1c2e3a\",\"Leche entera 1 L\",\"LE-1\",\"{code}\",\"1.0\",\"0.55\",\"Todos / Lácteos\",\"IVA 10% (Bienes)\",\"True\",\"False\",\"Unidades\",\"Lácteos\"
\"__export__.product_template_42_aa\",\"Queso curado\",\"QC\",\"\",\"18.5\",\"9.0\",\"Todos / Quesos\",\"IVA 10% (Bienes)\",\"True\",\"True\",\"kg\",\"\"
\"__export__.product_template_43_bb\",\"Cuaderno\",\"CU\",\"\",\"2.479338843\",\"\",\"Todos / Papelería\",\"IVA 21% (Bienes)\",\"False\",\"False\",\"Litros\",\"\"
"
    );
    let p = read(csv.as_bytes(), "product.template.csv");
    assert_eq!(p.layout, Layout::Odoo);
    assert_eq!(problems(&p), vec![]);
    let milk = ProductDraft {
        sku: Some("LE-1".into()),
        category: "Lácteos".into(),
        cost: Some(55),
        barcodes: vec![code],
        ..draft("Leche entera 1 L", "reducido", 110)
    };
    assert_eq!(p.items[0].draft, milk);
    let cheese = &p.items[1].draft;
    assert_eq!((cheese.price, cheese.measure), (2035, Measure::Kg));
    let notebook = &p.items[2].draft;
    assert_eq!(
        (
            notebook.price,
            notebook.tax_class.as_str(),
            notebook.active,
            notebook.measure
        ),
        (300, "general", false, Measure::Unit)
    );
    // The caller may say the prices already include tax.
    let classes = classes();
    let opts = ImportOptions {
        prices_include_tax: Some(true),
        ..options(&classes)
    };
    let gross = read_with(csv.as_bytes(), "p.csv", &opts).unwrap();
    assert_eq!(gross.items[0].draft.price, 100);
}

#[test]
fn facturascripts_semicolons_and_net_pvp() {
    let code = ean("841000000008");
    let csv = format!(
        "referencia;codfamilia;codfabricante;descripcion;pvp;iva;codbarras;stock;coste
AC-1;ACEITES;;Aceite de oliva 1 L;7.4380165289256;21;{code};10;5.1
HU-12;HUEVOS;;Huevos docena;2.5;4;;20;
"
    );
    let p = read(csv.as_bytes(), "articulos.csv");
    assert_eq!(
        (p.layout, p.delimiter),
        (Layout::FacturaScripts, Some(b';'))
    );
    assert_eq!(problems(&p), vec![]);
    let oil = ProductDraft {
        sku: Some("AC-1".into()),
        category: "ACEITES".into(),
        cost: Some(510),
        barcodes: vec![code],
        ..draft("Aceite de oliva 1 L", "general", 900)
    };
    assert_eq!(p.items[0].draft, oil);
    let eggs = &p.items[1].draft;
    assert_eq!(
        (eggs.price, eggs.tax_class.as_str()),
        (260, "superreducido")
    );
}

#[test]
fn caja_generic_layout_reads_every_field() {
    let (a, b) = (ean("841000000009"), ean("841000000010"));
    let csv = format!(
        "sku,name,short_name,category,tax_class,price,cost,barcodes,plu,unit,stock_tracked,active
M-1,Manzana golden,Manzana,Fruta,superreducido,2.49,1.20,,0042,kg,yes,yes
AG-6,\"Agua, pack de 6\",,Bebidas,reducido,3.00,,{a} {b},,unit,no,no
"
    );
    let p = read(csv.as_bytes(), "catalogo.csv");
    assert_eq!(p.layout, Layout::Generic);
    assert_eq!(problems(&p), vec![]);
    let apple = ProductDraft {
        sku: Some("M-1".into()),
        short_name: Some("Manzana".into()),
        category: "Fruta".into(),
        cost: Some(120),
        plu: Some("42".into()),
        measure: Measure::Kg,
        stock_tracked: true,
        ..draft("Manzana golden", "superreducido", 249)
    };
    assert_eq!(p.items[0].draft, apple);
    let water = ProductDraft {
        sku: Some("AG-6".into()),
        category: "Bebidas".into(),
        barcodes: vec![a, b],
        active: false,
        ..draft("Agua, pack de 6", "reducido", 300)
    };
    assert_eq!(p.items[1].draft, water);
}

#[test]
fn an_unknown_header_is_refused_then_read_with_a_map() {
    let csv = "Artículo|Importe|Tipo\nTornillos|0,10|21\n";
    let classes = classes();
    let mut opts = options(&classes);
    let headers = ["Artículo", "Importe", "Tipo"].map(String::from).to_vec();
    assert_eq!(
        read_with(csv.as_bytes(), "x.csv", &opts),
        Err(ImportError::UnknownHeader { headers })
    );
    opts.map = vec![
        ("A".into(), ProductField::Name),
        ("importe".into(), ProductField::Price),
        ("Tipo".into(), ProductField::TaxClass),
    ];
    let p = read_with(csv.as_bytes(), "x.csv", &opts).unwrap();
    assert_eq!((p.layout, p.delimiter), (Layout::Mapped, Some(b'|')));
    assert_eq!(p.items[0].draft, draft("Tornillos", "general", 10));
    let roles: Vec<&ColumnRole> = p.columns.iter().map(|c| &c.role).collect();
    assert_eq!(
        roles,
        [
            ProductField::Name,
            ProductField::Price,
            ProductField::TaxClass
        ]
        .map(|field| ColumnRole::Field { field })
        .iter()
        .collect::<Vec<_>>()
    );
    opts.map = vec![("Precio".into(), ProductField::Price)];
    assert_eq!(
        read_with(csv.as_bytes(), "x.csv", &opts),
        Err(ImportError::MappingNamesUnknownColumn("Precio".into()))
    );
}
