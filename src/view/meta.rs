//! Document metadata: takes plan.yaml's settings, the theme and the fixed words and gives the
//! title, language, logo, description and sign-off wording.

use super::*;
use crate::load::assets::image_size;

impl<'a> Builder<'a> {
    pub(super) fn signoff(&self) -> SignoffView {
        let plan = self.inputs.plan;
        let signed = plan.is_signed_off();
        let s = plan.sign_off.clone().unwrap_or_default();
        let date = s.date.as_deref().and_then(parse_date).map(long_date);
        let statement = if signed {
            self.string("signoff_statement")
                .replace("{board}", s.board.as_deref().unwrap_or(""))
                .replace("{date}", date.as_deref().unwrap_or(""))
        } else {
            self.string("signoff_draft")
        };
        SignoffView {
            statement,
            chair: s.chair,
            role: s.role,
            date,
            draft: !signed,
        }
    }

    /// The cover's logos: the plan's (or else the theme's), then the partners'.
    fn cover_logos(&mut self) -> Vec<ImageView> {
        let plan = self.inputs.plan;
        let theme = self.inputs.theme;
        let own = match &plan.logo {
            Some(path) => self.plan_image(path, &plan.logo_alt_text()),
            None => theme.logo.as_ref().map(|(name, bytes)| {
                let path = format!("theme/{name}");
                let size = image_size(bytes, name);
                self.assets.push(Asset {
                    path: path.clone(),
                    bytes: bytes.clone(),
                });
                ImageView::new(&path, &theme.logo_alt, size)
            }),
        };
        let partners = plan
            .partner_logos
            .iter()
            .filter_map(|p| self.plan_image(&p.src, &p.alt));
        own.into_iter()
            .chain(partners.collect::<Vec<_>>())
            .collect()
    }

    /// A plan image named in plan.yaml, added to the assets (None when it cannot be read: the
    /// checks have said why).
    fn plan_image(&mut self, path: &str, alt: &str) -> Option<ImageView> {
        let bytes = self.inputs.images.read(path)?;
        let size = image_size(&bytes, path);
        self.assets.push(Asset {
            path: path.to_string(),
            bytes,
        });
        Some(ImageView::new(path, alt, size))
    }

    pub(super) fn meta(&mut self) -> Meta {
        let plan = self.inputs.plan;
        let theme = self.inputs.theme;
        // An annual update takes its title from the edition's `annual_update` (the view is given
        // the update's headings then).
        let doc_title = match plan.update_of {
            Some(_) => self.inputs.edition.title.clone(),
            None => self.string("doc_title"),
        };
        let (lang, region) = plan.lang_region();
        let signed = plan.is_signed_off();
        let approval = signed.then(|| {
            let s = plan.sign_off.clone().unwrap_or_default();
            let date = s
                .date
                .as_deref()
                .and_then(parse_date)
                .map(long_date)
                .unwrap_or_default();
            self.string("approved")
                .replace("{board}", s.board.as_deref().unwrap_or(""))
                .replace("{date}", &date)
        });
        let logos = self.cover_logos();
        let cover_image = plan
            .cover_image
            .as_ref()
            .and_then(|c| self.plan_image(&c.src, &c.alt));
        let logo = logos.first().map(|l| l.src.clone());
        let logo_alt = logos.first().map(|l| l.alt.clone()).unwrap_or_default();
        let logo_width = logos.first().map_or(64, masthead_width);
        Meta {
            title: format!("{}: {doc_title} {}", plan.service, plan.period),
            doc_title: doc_title.clone(),
            service: plan.service.clone(),
            partnership: plan.partnership.clone(),
            period: plan.period.clone(),
            edition: plan.edition.clone(),
            language: plan.language.clone(),
            lang,
            region,
            lead: plan.lead.clone(),
            draft: !signed,
            approval,
            logo,
            logo_alt,
            logo_width,
            logos,
            cover_image,
            font: theme.font.clone(),
            figures_font: theme.figures_font.clone(),
            keywords: vec!["youth justice".into(), "youth justice plan".into(), plan.service.clone(), plan.period.clone()],
            description: format!(
                "The {} {doc_title} for {}: how youth justice services are provided, funded and governed, with performance and priorities.",
                plan.service, plan.period
            ),
            date: signed.then(|| plan.sign_off.as_ref().and_then(|s| s.date.clone())).flatten(),
            date_text: signed
                .then(|| plan.sign_off.as_ref().and_then(|s| s.date.as_deref()).and_then(parse_date).map(long_date))
                .flatten(),
            strings: self.inputs.strings.clone(),
        }
    }
}

/// The width of `logo` shown 64 px high, in whole pixels: its own shape, between 16 and 256 px.
fn masthead_width(logo: &ImageView) -> u32 {
    let shape = if logo.height > 0.0 {
        logo.width / logo.height
    } else {
        1.0
    };
    (64.0 * shape).round().clamp(16.0, 256.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logo(width: f64, height: f64) -> ImageView {
        ImageView {
            src: "/assets/logo.svg".into(),
            alt: "Logo".into(),
            width,
            height,
        }
    }

    #[test]
    fn a_wide_logo_keeps_its_shape_in_the_masthead() {
        assert_eq!(masthead_width(&logo(600.0, 100.0)), 256);
        assert_eq!(masthead_width(&logo(300.0, 100.0)), 192);
        assert_eq!(masthead_width(&logo(50.0, 50.0)), 64);
        assert_eq!(masthead_width(&logo(1.0, 0.0)), 64);
    }
}
