// Package poverty holds the domain rules of household poverty classification
// (phân loại hộ nghèo, hộ cận nghèo): the classes and versioned standards
// (chuẩn nghèo), the deprivation indicators (chỉ số thiếu hụt), causes of
// poverty (nguyên nhân nghèo) and household flags, the classification rules
// themselves, and the yearly reconciliation of classification changes
// (đối chiếu số liệu năm: đầu kỳ + nghèo mới + tái nghèo − thoát nghèo = cuối kỳ).
//
// The package is pure: no database, no HTTP, no clock. Money is int64 VND.
// Every bit value and code defined here is stored in the database and must
// never be renumbered or renamed.
package poverty
