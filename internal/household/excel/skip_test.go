package excel

import "testing"

// TestSkipper: which rows of an office's sheet are not households.
func TestSkipper(t *testing.T) {
	hdr := header{row: 5, cell: []int{1}} // the code in column B
	rows := []struct {
		row   int
		cells []string
		skip  bool
	}{
		{6, []string{"(1)", "(2)", "(3)", "(4)"}, true},                               // column numbers
		{7, []string{"1", "HN-1", "Công Văn Tổng", "P14-T01", "4"}, false},            // a household named Công
		{8, []string{"2", "HN-2", "Cộng đồng", "P14-T01", "3"}, false},                // a code: not a totals row
		{9, []string{"Cộng khu phố 1", "", "", "", "7"}, true},                        // a subtotal
		{10, []string{"Tổng cộng", "", "", "", "12"}, true},                           // the total
		{11, []string{"", "Người lập biểu", "", "", "", "TM. ỦY BAN NHÂN DÂN"}, true}, // the signature block opens
		{12, []string{"", "(Ký, ghi rõ họ tên)"}, true},                               // and runs on
		{13, []string{"3", "HN-3", "Lê Thị Cúc", "P14-T01", "5", "Thành thị"}, false}, // a household after it is still read
		{14, []string{"", "", "", "", "", "Phường 14, ngày … tháng … năm …"}, true},   // another block
		{15, []string{"1", "2", "3"}, true},                                           // inside the block
	}
	var notes []Note
	k := &skipper{hdr: hdr, notes: &notes, record: true}
	for _, r := range rows {
		if got := k.skip(r.row, r.cells); got != r.skip {
			t.Errorf("row %d %q: skip %v, want %v", r.row, r.cells, got, r.skip)
		}
	}
	want := map[string][3]int{NoteColumnNumbers: {6, 6, 1}, NoteTotals: {9, 10, 2}, NoteSignature: {11, 15, 4}}
	if len(notes) != len(want) {
		t.Fatalf("notes %+v", notes)
	}
	for _, n := range notes {
		if w := want[n.Kind]; [3]int{n.Row, n.LastRow, n.Rows} != w {
			t.Errorf("%s: rows %d–%d (%d), want %v", n.Kind, n.Row, n.LastRow, n.Rows, w)
		}
	}
}
