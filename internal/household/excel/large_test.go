package excel

import (
	"bytes"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/household"
)

// largeRows is the size of the register a city district imports at once.
const largeRows = 100_000

// largeFile builds an upload of n households with the template's header,
// streamed so that building it does not distort the import's memory figures.
func largeFile(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		tb.Fatal(err)
	}
	sw, err := f.NewStreamWriter(DataSheet)
	if err != nil {
		tb.Fatal(err)
	}
	head := make([]any, len(columns))
	for i, c := range columns {
		head[i] = c.vi
	}
	if err := sw.SetRow("A1", head); err != nil {
		tb.Fatal(err)
	}
	names := []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Giang"}
	for r := 0; r < n; r++ {
		cells := make([]any, len(columns))
		for i, c := range columns {
			switch c.kind {
			case kindCode:
				cells[i] = fmt.Sprintf("L-%06d", r)
			case kindHeadName:
				cells[i] = names[r%len(names)]
			case kindAddress:
				cells[i] = fmt.Sprintf("%d/%d Lê Đức Thọ", r%300+1, r%17+1)
			case kindArea:
				cells[i] = []string{"P14-T01", "P14-T02"}[r%2]
			case kindMembers:
				cells[i] = r%8 + 1
			case kindUrban:
				cells[i] = []string{urbanVI, ruralVI}[r%3/2]
			case kindIncome:
				cells[i] = 900_000 + (r%40)*50_000
			case kindStandard:
				cells[i] = "2022-2026"
			case kindYear:
				cells[i] = 2025
			case kindIndicator, kindCause, kindFlag:
				if (r+i)%5 == 0 {
					cells[i] = "x"
				}
			case kindNote:
				if r%10 == 0 {
					cells[i] = "Đã rà soát"
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// heapPeak samples the heap while fn runs and returns the highest HeapInuse.
func heapPeak(fn func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	return peak.Load()
}

// maxHeap bounds the heap of a 100,000-row import or export.
const maxHeap = 300 << 20

// TestLargeImport imports 100,000 households (dry run, then import) and
// exports them again. Skipped with -short.
func TestLargeImport(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000-row import: skipped with -short")
	}
	e := newEnv(t)
	start := time.Now()
	file := largeFile(t, largeRows)
	t.Logf("built %d rows: %.1f MB in %v", largeRows, float64(len(file))/1e6, time.Since(start).Round(time.Millisecond))
	runtime.GC()

	steps := []struct {
		name string
		dry  bool
		want func(*Result) bool
	}{
		{"dry run", true, func(r *Result) bool { return r.Created == largeRows }},
		{"import", false, func(r *Result) bool { return r.Created == largeRows }},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			var res *Result
			start := time.Now()
			peak := heapPeak(func() { res = e.imp(t, file, s.dry) })
			t.Logf("%s: %v, peak heap in use %.0f MB", s.name, time.Since(start).Round(time.Millisecond), float64(peak)/1e6)
			// Streaming keeps the heap flat (about 35–60 MB measured); a reader
			// that held every row would need several times more.
			if peak > maxHeap {
				t.Errorf("%s: peak heap %d MB, over %d MB: the rows are not streamed", s.name, peak>>20, maxHeap>>20)
			}
			if res.Rows != largeRows || len(res.Errors) != 0 || !s.want(res) {
				t.Fatalf("%+v (first errors %+v)", res, res.Errors[:min(3, len(res.Errors))])
			}
		})
	}
	if n := e.count(t, "households"); n != largeRows {
		t.Fatalf("%d households", n)
	}
	t.Run("export", func(t *testing.T) {
		var buf bytes.Buffer
		start := time.Now()
		var err error
		peak := heapPeak(func() { err = Export(e.ctx, &buf, e.svc, household.Filter{}, e.areaCode) })
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("export: %v, %.1f MB, peak heap in use %.0f MB", time.Since(start).Round(time.Millisecond),
			float64(buf.Len())/1e6, float64(peak)/1e6)
		if peak > maxHeap {
			t.Errorf("export: peak heap %d MB, over %d MB", peak>>20, maxHeap>>20)
		}
	})
}
