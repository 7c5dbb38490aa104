from django.urls import URLPattern, path

from reporting import board_views, export_views, forecast_views, views

app_name = "reporting"

urlpatterns: list[URLPattern] = []

urlpatterns += [
    path("manager/", views.manager_home, name="manager-home"),
    path("manager/figures/refresh/", views.figures_refresh, name="figures-refresh"),
    path("manager/board-summary/", board_views.board_summary_page, name="board-summary"),
    path("manager/forecast/", forecast_views.forecast, name="forecast"),
    path("manager/exports/sen2/", export_views.sen2_page, name="sen2"),
    path("manager/exports/sen2.csv", export_views.sen2_export, name="sen2-csv"),
    path("manager/board-report/", board_views.board, name="board"),
    path("manager/board-report/numbers.csv", board_views.board_numbers_csv, name="board-csv"),
    path("manager/board-report/numbers.xlsx", board_views.board_numbers_xlsx, name="board-xlsx"),
    path("manager/board-report/<uuid:report_id>/", board_views.board_report, name="board-report"),
    path(
        "manager/board-report/<uuid:report_id>/report.pdf",
        board_views.board_report_pdf,
        name="board-report-pdf",
    ),
]
