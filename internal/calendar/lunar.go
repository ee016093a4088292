// Package calendar knows the Vietnamese working calendar: public holidays
// (including Tết Nguyên Đán and Giỗ Tổ Hùng Vương from the lunar calendar),
// weekends, compensatory days off and make-up working days an operator
// configures, and the due days and data windows of periodic reports.
//
// Everything here is a pure function of calendar days (civil.Date); the
// instant a deadline ends is computed in the configured zone by the caller.
package calendar

import (
	"math"

	"chungtay/internal/civil"
)

// The lunar calendar in use in Việt Nam is computed for the meridian of
// UTC+7 (Hồ Ngọc Đức's algorithm, after Jean Meeus's "Astronomical
// Algorithms"): a lunar month begins on the day of the new moon in that zone,
// and month 11 is the one containing the winter solstice.
const vnZone = 7.0

// julianDay returns the Julian day number of a Gregorian date.
func julianDay(d civil.Date) int {
	t := d.Time()
	day, mon, year := t.Day(), int(t.Month()), t.Year()
	a := (14 - mon) / 12
	y := year + 4800 - a
	m := mon + 12*a - 3
	return day + (153*m+2)/5 + 365*y + y/4 - y/100 + y/400 - 32045
}

// fromJulianDay returns the Gregorian date of a Julian day number.
func fromJulianDay(jd int) civil.Date {
	a := jd + 32044
	b := (4*a + 3) / 146097
	c := a - b*146097/4
	d := (4*c + 3) / 1461
	e := c - 1461*d/4
	m := (5*e + 2) / 153
	day := e - (153*m+2)/5 + 1
	month := m + 3 - 12*(m/10)
	year := b*100 + d - 4800 + m/10
	return civil.NewDate(year, monthOf(month), day)
}

// newMoon returns the Julian day (fractional, UT) of the k-th new moon after
// 1900-01-01 13:52 UT.
func newMoon(k float64) float64 {
	t := k / 1236.85
	t2, t3 := t*t, t*t*t
	dr := math.Pi / 180
	jd1 := 2415020.75933 + 29.53058868*k + 0.0001178*t2 - 0.000000155*t3
	jd1 += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*k - 0.0000333*t2 - 0.00000347*t3
	mpr := 306.0253 + 385.81691806*k + 0.0107306*t2 + 0.00001236*t3
	f := 21.2964 + 390.67050646*k - 0.0016528*t2 - 0.00000239*t3
	c1 := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c1 = c1 - 0.4068*math.Sin(mpr*dr) + 0.0161*math.Sin(dr*2*mpr)
	c1 -= 0.0004 * math.Sin(dr*3*mpr)
	c1 = c1 + 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr))
	c1 = c1 - 0.0074*math.Sin(dr*(m-mpr)) + 0.0004*math.Sin(dr*(2*f+m))
	c1 = c1 - 0.0004*math.Sin(dr*(2*f-m)) - 0.0006*math.Sin(dr*(2*f+mpr))
	c1 = c1 + 0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd1 + c1 - deltaT
}

// sunLongitude returns the sun's apparent longitude, in radians in [0, 2π),
// at the fractional Julian day jdn.
func sunLongitude(jdn float64) float64 {
	t := (jdn - 2451545.0) / 36525
	t2 := t * t
	dr := math.Pi / 180
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2
	dl := (1.914600 - 0.004817*t - 0.000014*t2) * math.Sin(dr*m)
	dl += (0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	return l - 2*math.Pi*math.Floor(l/(2*math.Pi))
}

// sunSector returns which of the 12 thirty-degree sectors the sun is in at
// the start of day jd in the lunar calendar's zone.
func sunSector(jd int) int {
	return int(math.Floor(sunLongitude(float64(jd)-0.5-vnZone/24) / math.Pi * 6))
}

// newMoonDay returns the Julian day number on which the k-th new moon falls
// in the lunar calendar's zone.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(float64(k)) + 0.5 + vnZone/24))
}

// month11 returns the first day of the lunar month 11 of the Gregorian year y
// (the month that contains the winter solstice).
func month11(y int) int {
	off := julianDay(civil.NewDate(y, 12, 31)) - 2415021
	k := int(math.Floor(float64(off) / 29.530588853))
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 {
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset returns the offset, after month 11 starting on a11, of the
// leap month of a lunar year that has thirteen months.
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-2415021.076998695)/29.530588853 + 0.5))
	i := 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// FromLunar returns the Gregorian day of the lunar day d of the (non-leap)
// lunar month m of lunar year y — FromLunar(2026, 1, 1) is Tết 2026.
func FromLunar(y, m, d int) civil.Date {
	var a11, b11 int
	if m < 11 {
		a11, b11 = month11(y-1), month11(y)
	} else {
		a11, b11 = month11(y), month11(y+1)
	}
	k := int(math.Floor(0.5 + (float64(a11)-2415021.076998695)/29.530588853))
	off := m - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		// A leap year of thirteen months: months from the leap month on are one later.
		if leapOff := leapMonthOffset(a11); off >= leapOff {
			off++
		}
	}
	return fromJulianDay(newMoonDay(k+off) + d - 1)
}
