package civil

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestParseAndJSON(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2018-03-15", "2018-03-15"}, {"15/03/2018", "2018-03-15"}, {"5/3/2018", "2018-03-05"}, {" 01/01/2019 ", "2019-01-01"},
		{"15.03.2018", "2018-03-15"}, {"5.3.2018", "2018-03-05"}, {"15-03-2018", "2018-03-15"}, {"5-3-2018", "2018-03-05"},
		{"15032018", "2018-03-15"}, {"29022020", "2020-02-29"},
	} {
		t.Run(c.in, func(t *testing.T) {
			d, err := Parse(c.in)
			if err != nil || d.String() != c.want {
				t.Errorf("Parse(%q) = %v, %v; want %s", c.in, d, err, c.want)
			}
		})
	}
	for _, bad := range []string{"", "31/02/2018", "2018/03/15", "hôm nay", "31.02.2018", "29-02-2019", "20180315", "1532018", "150320180", "15/03-2018", "15.03.18"} {
		t.Run("bad "+bad, func(t *testing.T) {
			if d, err := Parse(bad); err == nil || !errors.Is(err, ErrNotDate) {
				t.Errorf("Parse(%q) = %v, %v; want ErrNotDate", bad, d, err)
			}
		})
	}
	var v struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"15/03/2018"}`), &v); err != nil || v.D.VN() != "15/03/2018" {
		t.Errorf("unmarshal: %v %v", v.D, err)
	}
	if b, _ := json.Marshal(v); string(b) != `{"D":"2018-03-15"}` {
		t.Errorf("marshal: %s", b)
	}
	if b, _ := json.Marshal(struct{ D Date }{}); string(b) != `{"D":null}` {
		t.Errorf("zero marshals as %s", b)
	}
}

func TestDateOfUsesTheZone(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	// 18:30 UTC on 31 December is already 1 January in Hồ Chí Minh City.
	if d := DateOf(time.Date(2018, 12, 31, 18, 30, 0, 0, time.UTC), loc); d != NewDate(2019, 1, 1) {
		t.Errorf("DateOf = %s", d)
	}
}

func TestScan(t *testing.T) {
	var d Date
	for _, src := range []any{"2018-03-15", []byte("2018-03-15T00:00:00Z"), time.Date(2018, 3, 15, 0, 0, 0, 0, time.UTC)} {
		if err := d.Scan(src); err != nil || d != NewDate(2018, 3, 15) {
			t.Errorf("Scan(%v) = %v, %v", src, d, err)
		}
	}
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Errorf("Scan(nil) = %v", d)
	}
	if err := d.Scan(42); err == nil {
		t.Error("Scan(42) accepted")
	}
}

func TestUnmarshalText(t *testing.T) {
	var d Date
	if err := d.UnmarshalText([]byte("15/03/2018")); err != nil || d != NewDate(2018, 3, 15) {
		t.Errorf("dd/mm/yyyy: %v %v", d, err)
	}
	if err := d.UnmarshalText([]byte("tomorrow")); err == nil {
		t.Error("accepted a word")
	}
	if err := d.UnmarshalText(nil); err != nil || !d.IsZero() {
		t.Errorf("empty: %v %v", d, err)
	}
}
