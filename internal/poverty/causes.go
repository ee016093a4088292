package poverty

// Causes is the set of causes of poverty (nguyên nhân nghèo) recorded for a
// household. The bit values are stored in the database and must never change.
type Causes uint32

// The causes of poverty.
const (
	CauseLand    Causes = 1 << 0 // thiếu đất sản xuất
	CauseCapital Causes = 1 << 1 // thiếu vốn
	CauseLabour  Causes = 1 << 2 // thiếu lao động
	CauseTools   Causes = 1 << 3 // thiếu phương tiện sản xuất
	CauseKnowhow Causes = 1 << 4 // thiếu kiến thức, kỹ năng sản xuất
	CauseIllness Causes = 1 << 5 // ốm đau, tai nạn, bệnh nặng
	CauseOther   Causes = 1 << 6 // khác
)

// CauseInfos describes every cause of poverty in display order.
var CauseInfos = []CodeInfo{
	{Code: "land", LabelVI: "Thiếu đất sản xuất", LabelEN: "Lack of land", Bit: uint32(CauseLand)},
	{Code: "capital", LabelVI: "Thiếu vốn", LabelEN: "Lack of capital", Bit: uint32(CauseCapital)},
	{Code: "labour", LabelVI: "Thiếu lao động", LabelEN: "Lack of labour", Bit: uint32(CauseLabour)},
	{Code: "tools", LabelVI: "Thiếu phương tiện sản xuất", LabelEN: "Lack of tools", Bit: uint32(CauseTools)},
	{Code: "knowhow", LabelVI: "Thiếu kiến thức, kỹ năng sản xuất", LabelEN: "Lack of know-how", Bit: uint32(CauseKnowhow)},
	{Code: "illness", LabelVI: "Ốm đau, tai nạn, bệnh nặng", LabelEN: "Illness or accident", Bit: uint32(CauseIllness)},
	{Code: "other", LabelVI: "Khác", LabelEN: "Other", Bit: uint32(CauseOther)},
}

// Has reports whether every cause in x is in c.
func (c Causes) Has(x Causes) bool { return x != 0 && c&x == x }

// With returns c with the given causes added.
func (c Causes) With(x ...Causes) Causes {
	for _, b := range x {
		c |= b
	}
	return c
}

// Codes returns the codes of the causes in c, in CauseInfos order.
func (c Causes) Codes() []string { return bitCodes(uint32(c), CauseInfos) }

// ParseCauses turns cause codes into a set; an unknown code is an error
// (matching ErrInvalid) that names it.
func ParseCauses(codes []string) (Causes, error) {
	b, err := parseBits(codes, CauseInfos, "cause of poverty")
	return Causes(b), err
}

// Flags is the set of household flags. The bit values are stored in the
// database and must never change.
type Flags uint32

// The household flags.
const (
	FlagMeritorious      Flags = 1 << 0 // gia đình người có công với cách mạng
	FlagSocialAssistance Flags = 1 << 1 // đối tượng bảo trợ xã hội
	FlagEthnicMinority   Flags = 1 << 2 // dân tộc thiểu số — sensitive personal data, never shown publicly
	FlagNoLabour         Flags = 1 << 3 // không có khả năng lao động
)

// FlagInfos describes every household flag in display order.
var FlagInfos = []CodeInfo{
	{Code: "meritorious", LabelVI: "Gia đình người có công", LabelEN: "Meritorious-service family", Bit: uint32(FlagMeritorious)},
	{Code: "social_assistance", LabelVI: "Bảo trợ xã hội", LabelEN: "Social-assistance recipient", Bit: uint32(FlagSocialAssistance)},
	{Code: "ethnic_minority", LabelVI: "Dân tộc thiểu số", LabelEN: "Ethnic minority", Bit: uint32(FlagEthnicMinority)},
	{Code: "no_labour", LabelVI: "Không có khả năng lao động", LabelEN: "No labour capacity", Bit: uint32(FlagNoLabour)},
}

// Has reports whether every flag in x is in f.
func (f Flags) Has(x Flags) bool { return x != 0 && f&x == x }

// With returns f with the given flags added.
func (f Flags) With(x ...Flags) Flags {
	for _, b := range x {
		f |= b
	}
	return f
}

// Codes returns the codes of the flags in f, in FlagInfos order.
func (f Flags) Codes() []string { return bitCodes(uint32(f), FlagInfos) }

// ParseFlags turns flag codes into a set; an unknown code is an error
// (matching ErrInvalid) that names it.
func ParseFlags(codes []string) (Flags, error) {
	b, err := parseBits(codes, FlagInfos, "household flag")
	return Flags(b), err
}

// bitCodes lists the codes of infos whose bit is set in v, in infos order.
func bitCodes(v uint32, infos []CodeInfo) []string {
	codes := []string{}
	for _, ci := range infos {
		if v&ci.Bit != 0 {
			codes = append(codes, ci.Code)
		}
	}
	return codes
}

// parseBits ORs the bits of the given codes; what names the kind of code in
// the error.
func parseBits(codes []string, infos []CodeInfo, what string) (uint32, error) {
	var v uint32
next:
	for _, c := range codes {
		for _, ci := range infos {
			if ci.Code == c {
				v |= ci.Bit
				continue next
			}
		}
		return 0, invalidf("unknown %s %q", what, c)
	}
	return v, nil
}
