package sqlstore

import (
	"context"

	"github.com/samspil/samspil"
)

// seed writes the reference data in one transaction. It is idempotent:
// regions and municipalities are upserted from Options, the default target
// groups are added when missing (admins may have renamed them) and every
// municipality without a kommune organisation gets one.
func (d *DB) seed(ctx context.Context) error {
	if len(d.opts.Regions) == 0 || len(d.opts.Municipalities) == 0 {
		d.log.Warn("sqlstore: no regions or municipalities given; reference data not seeded")
	}
	return d.write(ctx, func(t *wtx) error {
		for _, r := range d.opts.Regions {
			_, err := t.exec(`INSERT INTO regions (code, name, iso_3166_2, nuts2, lat, lon) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET name = excluded.name, iso_3166_2 = excluded.iso_3166_2,
				nuts2 = excluded.nuts2, lat = excluded.lat, lon = excluded.lon`,
				r.Code, r.Name, r.ISO3166_2, r.NUTS2, r.Lat, r.Lon)
			if err != nil {
				return internal("seed regions", err)
			}
		}
		for _, m := range d.opts.Municipalities {
			_, err := t.exec(`INSERT INTO municipalities (code, name, region_code, lat, lon, area_km2) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET name = excluded.name, region_code = excluded.region_code,
				lat = excluded.lat, lon = excluded.lon, area_km2 = excluded.area_km2`,
				m.Code, m.Name, m.RegionCode, m.Lat, m.Lon, m.AreaKm2)
			if err != nil {
				return internal("seed municipalities", err)
			}
		}
		for _, g := range samspil.DefaultTargetGroups {
			_, err := t.exec(`INSERT INTO target_groups (code, name_da, name_en) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING`,
				g.Code, g.NameDA, g.NameEN)
			if err != nil {
				return internal("seed target groups", err)
			}
		}
		have := map[string]bool{}
		rows, err := t.query(`SELECT DISTINCT municipality_code FROM organisations WHERE kind = ?`, string(samspil.OrgKommune))
		if err != nil {
			return internal("seed municipality organisations", err)
		}
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				rows.Close()
				return internal("seed municipality organisations", err)
			}
			have[code] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return internal("seed municipality organisations", err)
		}
		in, err := newOrgInserter(t, "organisation.seed", false)
		if err != nil {
			return err
		}
		for _, m := range d.opts.Municipalities {
			if have[m.Code] {
				continue
			}
			o := &samspil.Organisation{Name: MunicipalityOrganisationName(m.Name), Kind: samspil.OrgKommune, MunicipalityCode: m.Code}
			if err := o.Validate(d.opts.Catalog); err != nil {
				return internal("seed municipality organisation "+m.Code, err)
			}
			if err := in.add(o); err != nil {
				return err
			}
		}
		if err := in.flush(); err != nil {
			return err
		}
		if err := t.seedUnitPrices(); err != nil {
			return err
		}
		return t.seedGuide(d.opts.GuideChapters)
	})
}

// MunicipalityOrganisationName is the name given to a municipality's own
// organisation when it is seeded: "København Kommune".
func MunicipalityOrganisationName(municipality string) string {
	return municipality + " Kommune"
}
